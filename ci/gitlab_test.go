package ci_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/leakhound/leakhound/internal/testutil"
)

type gitlabJob struct {
	Variables map[string]string `yaml:"variables"`
	Script    []string          `yaml:"script"`
	Artifacts struct {
		When    string `yaml:"when"`
		Reports struct {
			SecretDetection string `yaml:"secret_detection"`
		} `yaml:"reports"`
	} `yaml:"artifacts"`
}

// The GitLab template (ci/leakhound.gitlab-ci.yml) in a recorded merge
// request pipeline: the project cloned GIT_DEPTH deep as the runner clones
// it, the predefined variables of a merge request pipeline, and the job's
// script run line by line in one bash with -eo pipefail, as the runner
// runs it, leakhound on PATH in place of the go install line. The report
// the template publishes for the security widget holds only the secret
// the merge request adds, and the job fails.
func TestGitLabTemplateOnAMergeRequest(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("bash is not installed")
	}
	root, _ := repoRoot(t)
	data, err := os.ReadFile(filepath.Join(root, "ci", "leakhound.gitlab-ci.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var jobs map[string]gitlabJob
	if err := yaml.Unmarshal(data, &jobs); err != nil {
		t.Fatalf("the template: %v", err)
	}
	job, ok := jobs["leakhound"]
	if !ok || job.Artifacts.Reports.SecretDetection == "" || job.Artifacts.When != "always" {
		t.Fatalf("the template has no leakhound job publishing a secret_detection report whatever the outcome: %+v", jobs)
	}
	depth, err := strconv.Atoi(job.Variables["GIT_DEPTH"])
	if err != nil {
		t.Fatalf("GIT_DEPTH %q: %v", job.Variables["GIT_DEPTH"], err)
	}

	g := testutil.NewGen(46)
	oldSecret, newSecret := g.GitHubToken("ghp_"), g.GitHubToken("ghp_")
	upstream := testutil.NewRepo(t)
	upstream.Write2(map[string]string{"legacy.env": "GITHUB_TOKEN=" + oldSecret + "\n"}, "legacy settings")
	base := upstream.Write2(map[string]string{"README.md": "docs\n"}, "docs")
	upstream.Git("checkout", "-q", "-b", "feature")
	upstream.Write2(map[string]string{"src/app.py": "import os\n"}, "feature: app")
	head := upstream.Write2(map[string]string{"src/app.py": "import os\n\nGITHUB_TOKEN = \"" + newSecret + "\"\n"}, "feature: token")
	upstream.Git("update-ref", "refs/merge-requests/1/head", head)

	project := filepath.Join(t.TempDir(), "project")
	for _, args := range [][]string{
		{"init", "-q", project},
		{"-C", project, "remote", "add", "origin", "file://" + upstream.Dir},
		{"-C", project, "fetch", "-q", "--no-tags", "--depth=" + strconv.Itoa(depth), "origin", "+refs/merge-requests/1/head:refs/remotes/origin/feature"},
		{"-C", project, "checkout", "-q", "--detach", head},
	} {
		if out, err := testutil.GitCmd(".", args...).CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}

	var script []string
	for _, line := range job.Script {
		if strings.HasPrefix(line, "go install ") {
			continue // leakhound is on PATH
		}
		script = append(script, line)
	}
	cmd := exec.Command(bash, "--noprofile", "--norc", "-eo", "pipefail", "-c", strings.Join(script, "\n"))
	cmd.Dir = project
	cmd.Env = append(os.Environ(),
		"GITLAB_CI=true", "CI=true", "CI_PROJECT_DIR="+project,
		"CI_PIPELINE_SOURCE=merge_request_event", "CI_MERGE_REQUEST_IID=1",
		"CI_COMMIT_SHA="+head, "CI_COMMIT_BEFORE_SHA="+strings.Repeat("0", 40),
		"CI_MERGE_REQUEST_DIFF_BASE_SHA="+base, "CI_MERGE_REQUEST_TARGET_BRANCH_NAME=main",
		"PATH="+filepath.Dir(testutil.Binary(t))+string(os.PathListSeparator)+os.Getenv("PATH"),
		"GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1",
	)
	for k, v := range job.Variables {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	out, err := cmd.CombinedOutput()
	exit, _ := err.(*exec.ExitError)
	if exit == nil || exit.ExitCode() != 1 {
		t.Errorf("the job: %v, want exit status 1 (secrets found)\n%s", err, out)
	}
	if strings.Contains(string(out), newSecret) {
		t.Errorf("the job log shows the secret:\n%s", out)
	}

	reportData, err := os.ReadFile(filepath.Join(project, job.Artifacts.Reports.SecretDetection))
	if err != nil {
		t.Fatalf("the report for the security widget: %v", err)
	}
	var report struct {
		Version         string `json:"version"`
		Vulnerabilities []struct {
			Category string `json:"category"`
			Severity string `json:"severity"`
			Location struct {
				File      string `json:"file"`
				StartLine int    `json:"start_line"`
				Commit    struct {
					SHA string `json:"sha"`
				} `json:"commit"`
			} `json:"location"`
			Identifiers []struct {
				Value string `json:"value"`
			} `json:"identifiers"`
		} `json:"vulnerabilities"`
		Scan struct {
			Type   string `json:"type"`
			Status string `json:"status"`
		} `json:"scan"`
	}
	if err := json.Unmarshal(reportData, &report); err != nil {
		t.Fatalf("report: %v\n%s", err, reportData)
	}
	if report.Scan.Type != "secret_detection" || report.Scan.Status != "success" || len(report.Vulnerabilities) != 1 {
		t.Fatalf("want a successful secret_detection scan with one vulnerability:\n%s", reportData)
	}
	v := report.Vulnerabilities[0]
	if v.Category != "secret_detection" || v.Location.File != "src/app.py" || v.Location.StartLine != 3 || v.Location.Commit.SHA != head {
		t.Errorf("vulnerability %+v, want src/app.py:3 from %s", v, head[:7])
	}
	if strings.Contains(string(reportData), newSecret) {
		t.Error("the report holds the secret")
	}
}
