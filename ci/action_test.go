package ci_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/leakhound/leakhound/internal/testutil"
)

// actionStep is a step of a composite action (action.yml).
type actionStep struct {
	ID   string `yaml:"id"`
	Name string `yaml:"name"`
	Uses string `yaml:"uses"`
	Run  string `yaml:"run"`
	If   string `yaml:"if"`
	With map[string]string
}

type action struct {
	Inputs map[string]struct {
		Default string `yaml:"default"`
	} `yaml:"inputs"`
	Runs struct {
		Using string       `yaml:"using"`
		Steps []actionStep `yaml:"steps"`
	} `yaml:"runs"`
}

// expression matches the ${{ ... }} the runner substitutes before a run
// step's script reaches the shell.
var expression = regexp.MustCompile(`\$\{\{\s*([^}]*?)\s*\}\}`)

// The GitHub Action (action.yml) on a pull request, in a recorded GitHub
// Actions environment: the workspace as actions/checkout leaves it (the
// merge commit refs/pull/1/merge fetched one commit deep), the event
// payload at GITHUB_EVENT_PATH, GITHUB_SHA, GITHUB_BASE_REF and
// GITHUB_WORKSPACE. The action's own run steps are executed with bash,
// their ${{ }} expressions substituted as the runner does, leakhound on
// PATH in place of the install step. The annotations name the secret the
// pull request adds and not the one already on main, the SARIF file
// holds the same single result for the upload step, and the job fails.
func TestGitHubActionOnAPullRequest(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("bash is not installed")
	}
	root, _ := repoRoot(t)
	data, err := os.ReadFile(filepath.Join(root, "action.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var act action
	if err := yaml.Unmarshal(data, &act); err != nil {
		t.Fatalf("action.yml: %v", err)
	}
	if act.Runs.Using != "composite" {
		t.Fatalf("action.yml runs %q, want a composite action", act.Runs.Using)
	}

	// GitHub's side: main with an old secret, a pull request adding one,
	// and the merge commit GitHub makes for it.
	g := testutil.NewGen(45)
	oldSecret, newSecret := g.GitHubToken("ghp_"), g.GitHubToken("ghp_")
	upstream := testutil.NewRepo(t)
	upstream.Write2(map[string]string{"legacy.env": "GITHUB_TOKEN=" + oldSecret + "\n"}, "legacy settings")
	for i := 0; i < 3; i++ {
		upstream.Write2(map[string]string{"README.md": strings.Repeat("docs\n", i+1)}, "docs")
	}
	base := upstream.Git("rev-parse", "HEAD")
	upstream.Git("checkout", "-q", "-b", "feature")
	upstream.Write2(map[string]string{"src/app.py": "import os\n"}, "feature: app")
	upstream.Write2(map[string]string{"src/app.py": "import os\n\nGITHUB_TOKEN = \"" + newSecret + "\"\n"}, "feature: token")
	head := upstream.Git("rev-parse", "HEAD")
	upstream.Git("checkout", "-q", "--detach", base)
	upstream.Git("merge", "-q", "--no-ff", "-m", "Merge "+head+" into "+base, head)
	merge := upstream.Git("rev-parse", "HEAD")
	upstream.Git("update-ref", "refs/pull/1/merge", merge)
	upstream.Git("checkout", "-q", "main")

	// The runner's workspace, as actions/checkout fetches a pull request.
	workspace := filepath.Join(t.TempDir(), "repo")
	for _, args := range [][]string{
		{"init", "-q", workspace},
		{"-C", workspace, "remote", "add", "origin", "file://" + upstream.Dir},
		{"-C", workspace, "fetch", "-q", "--no-tags", "--depth=1", "origin", "+" + merge + ":refs/remotes/pull/1/merge"},
		{"-C", workspace, "checkout", "-q", "--detach", "refs/remotes/pull/1/merge"},
	} {
		if out, err := testutil.GitCmd(".", args...).CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	runner := t.TempDir()
	eventPath := filepath.Join(runner, "event.json")
	event, _ := json.Marshal(map[string]any{
		"action": "opened", "number": 1,
		"pull_request": map[string]any{
			"number": 1,
			"base":   map[string]string{"ref": "main", "sha": base},
			"head":   map[string]string{"ref": "feature", "sha": head},
		},
	})
	if err := os.WriteFile(eventPath, event, 0o600); err != nil {
		t.Fatal(err)
	}
	outputPath := filepath.Join(runner, "output")
	binDir := filepath.Dir(testutil.Binary(t))
	env := append(os.Environ(),
		"GITHUB_ACTIONS=true", "CI=true",
		"GITHUB_EVENT_NAME=pull_request", "GITHUB_EVENT_PATH="+eventPath,
		"GITHUB_SHA="+merge, "GITHUB_REF=refs/pull/1/merge",
		"GITHUB_BASE_REF=main", "GITHUB_HEAD_REF=feature",
		"GITHUB_WORKSPACE="+workspace, "GITHUB_OUTPUT="+outputPath,
		"PATH="+binDir+string(os.PathListSeparator)+os.Getenv("PATH"),
		"GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1",
	)

	outputs := map[string]map[string]string{}
	inputs := map[string]string{}
	for name, in := range act.Inputs {
		inputs[name] = in.Default
	}
	substitute := func(s string) string {
		return expression.ReplaceAllStringFunc(s, func(m string) string {
			expr := expression.FindStringSubmatch(m)[1]
			switch parts := strings.Split(expr, "."); {
			case len(parts) == 2 && parts[0] == "inputs":
				return inputs[parts[1]]
			case len(parts) == 4 && parts[0] == "steps" && parts[2] == "outputs":
				return outputs[parts[1]][parts[3]]
			}
			t.Fatalf("action.yml uses an expression this test does not know: %s", m)
			return ""
		})
	}
	var annotations, failStatus string
	var uploaded string
	ranScan, ranFail := false, false
	for _, step := range act.Runs.Steps {
		switch {
		case step.Uses == "actions/setup-go@v5", step.Name == "Install leakhound":
			continue // leakhound is on PATH
		case strings.HasPrefix(step.Uses, "github/codeql-action/upload-sarif"):
			uploaded = filepath.Join(workspace, substitute(step.With["sarif_file"]))
			continue
		case step.Uses != "":
			t.Fatalf("action.yml uses %s, which this test does not stand in for", step.Uses)
		}
		if err := os.WriteFile(outputPath, nil, 0o600); err != nil {
			t.Fatal(err)
		}
		// The runner runs `shell: bash` steps as bash --noprofile --norc
		// -eo pipefail {0}.
		cmd := exec.Command(bash, "--noprofile", "--norc", "-eo", "pipefail", "-c", substitute(step.Run))
		cmd.Dir, cmd.Env = workspace, env
		var stdout, stderr strings.Builder
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		got, _ := os.ReadFile(outputPath)
		outputs[step.ID] = map[string]string{}
		for _, line := range strings.Split(string(got), "\n") {
			if k, v, ok := strings.Cut(line, "="); ok {
				outputs[step.ID][k] = v
			}
		}
		switch step.ID {
		case "scan":
			ranScan = true
			if err != nil {
				t.Fatalf("the scan step failed (it records the status for later): %v\n%s", err, stderr.String())
			}
			annotations = stdout.String()
			if !strings.Contains(stderr.String(), "leakhound: scanning GitHub Actions pull_request") {
				t.Errorf("the scan step does not say what it scanned:\n%s", stderr.String())
			}
		default:
			ranFail = true
			if exit, ok := err.(*exec.ExitError); ok {
				failStatus = strconv.Itoa(exit.ExitCode())
			} else if err == nil {
				failStatus = "0"
			} else {
				t.Fatal(err)
			}
		}
	}
	if !ranScan || !ranFail {
		t.Fatalf("action.yml lacks the scan step (id: scan) or the step that fails the job")
	}

	lines := strings.Split(strings.TrimSpace(annotations), "\n")
	if len(lines) != 1 || !strings.HasPrefix(lines[0], "::error file=src/app.py,line=3,col=") ||
		!strings.Contains(lines[0], "github-personal-access-token") || !strings.Contains(lines[0], "introduced in "+head) {
		t.Errorf("annotations: want one error on src/app.py line 3 from %s, got:\n%s", head[:7], annotations)
	}
	if strings.Contains(annotations, newSecret) || strings.Contains(annotations, "legacy.env") {
		t.Errorf("the annotations show the secret or the one already on main:\n%s", annotations)
	}
	if outputs["scan"]["status"] != "1" || failStatus != "1" {
		t.Errorf("status output %q, job exit %s: want 1 (secrets found)", outputs["scan"]["status"], failStatus)
	}

	sarifData, err := os.ReadFile(uploaded)
	if err != nil {
		t.Fatalf("the SARIF file for the upload step: %v", err)
	}
	var sarif struct {
		Version string `json:"version"`
		Runs    []struct {
			Tool struct {
				Driver struct {
					Name string `json:"name"`
				} `json:"driver"`
			} `json:"tool"`
			Results []struct {
				RuleID    string `json:"ruleId"`
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct {
							URI string `json:"uri"`
						} `json:"artifactLocation"`
						Region struct {
							StartLine int `json:"startLine"`
						} `json:"region"`
					} `json:"physicalLocation"`
				} `json:"locations"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(sarifData, &sarif); err != nil {
		t.Fatalf("SARIF: %v\n%s", err, sarifData)
	}
	if sarif.Version != "2.1.0" || len(sarif.Runs) != 1 || sarif.Runs[0].Tool.Driver.Name != "leakhound" || len(sarif.Runs[0].Results) != 1 {
		t.Fatalf("SARIF: want version 2.1.0, one run by leakhound with one result:\n%s", sarifData)
	}
	res := sarif.Runs[0].Results[0]
	if res.RuleID != "github-personal-access-token" || len(res.Locations) != 1 ||
		res.Locations[0].PhysicalLocation.ArtifactLocation.URI != "src/app.py" || res.Locations[0].PhysicalLocation.Region.StartLine != 3 {
		t.Errorf("SARIF result %+v", res)
	}
	if strings.Contains(string(sarifData), newSecret) {
		t.Error("the SARIF file holds the secret")
	}
}
