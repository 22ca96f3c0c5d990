package playbook

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/leakhound/leakhound/internal/rule"
)

// snippetRule is a rule with the playbook variables the snippets use.
func snippetRule() *rule.Rule {
	return &rule.Rule{ID: "postmark-server-token", Provider: "postmark", Name: "Postmark Server API Token",
		Playbook: rule.Playbook{EnvVar: "POSTMARK_SERVER_TOKEN"}}
}

func render(t *testing.T) map[string]Snippet {
	t.Helper()
	snippets, err := Snippets(snippetRule())
	if err != nil {
		t.Fatal(err)
	}
	if len(snippets) != len(Stores)*len(Languages) {
		t.Fatalf("%d snippets, want %d", len(snippets), len(Stores)*len(Languages))
	}
	out := map[string]Snippet{}
	for _, s := range snippets {
		if !strings.Contains(s.Code, "POSTMARK_SERVER_TOKEN") && !strings.Contains(s.Code, "prod/postmark") {
			t.Errorf("%s/%s does not name the credential", s.Language, s.Store)
		}
		out[s.Language+"/"+s.Store] = s
	}
	return out
}

// TestGoSnippetsCompile builds every Go snippet. The AWS one needs the AWS
// SDK, fetched through the Go module proxy into the module cache.
func TestGoSnippetsCompile(t *testing.T) {
	snippets := render(t)
	for _, store := range Stores {
		t.Run(store, func(t *testing.T) {
			dir := t.TempDir()
			gomod := "module snippet\n\ngo 1.22\n"
			if store == "aws" {
				gomod += "\nrequire (\n\tgithub.com/aws/aws-sdk-go-v2 v1.47.8\n\tgithub.com/aws/aws-sdk-go-v2/config v1.33.16\n\tgithub.com/aws/aws-sdk-go-v2/service/secretsmanager v1.50.11\n)\n"
			}
			write(t, filepath.Join(dir, "go.mod"), gomod)
			write(t, filepath.Join(dir, "main.go"), snippets["go/"+store].Code)
			run(t, dir, append(os.Environ(), "GOFLAGS=-mod=mod"), "go", "build", "-o", os.DevNull, ".")
		})
	}
}

func TestPythonSnippetsParse(t *testing.T) {
	checkWith(t, "python", "py", func(file string) []string { return []string{"python3", "-m", "py_compile", file} })
}

func TestNodeSnippetsParse(t *testing.T) {
	checkWith(t, "node", "js", func(file string) []string { return []string{"node", "--check", file} })
}

func TestRubySnippetsParse(t *testing.T) {
	checkWith(t, "ruby", "rb", func(file string) []string { return []string{"ruby", "-c", file} })
}

// TestJavaSnippetsCompile compiles the Java snippets that need only the
// JDK; the AWS one needs the AWS SDK's jars, which cannot be fetched here
// (no Maven repository), so it is parsed for syntax errors only.
func TestJavaSnippetsCompile(t *testing.T) {
	if _, err := exec.LookPath("javac"); err != nil {
		t.Skip("NOTICE: javac is not installed; Java snippets not checked")
	}
	snippets := render(t)
	class := VarsFor(snippetRule()).JavaClass
	for _, store := range Stores {
		t.Run(store, func(t *testing.T) {
			dir := t.TempDir()
			file := filepath.Join(dir, class+".java")
			write(t, file, snippets["java/"+store].Code)
			if store == "aws" {
				// -proc:only with no processors stops after parsing and
				// entering symbols, so missing SDK classes are not errors.
				t.Log("NOTICE: AWS SDK for Java jars are not available offline; checking syntax only")
				out, err := exec.Command("javac", "-proc:only", "-implicit:none", "-d", dir, file).CombinedOutput()
				if err != nil && !strings.Contains(string(out), "does not exist") && !strings.Contains(string(out), "cannot find symbol") {
					t.Fatalf("javac: %v\n%s", err, out)
				}
				return
			}
			run(t, dir, nil, "javac", "-d", dir, file)
		})
	}
}

func checkWith(t *testing.T, lang, ext string, command func(file string) []string) {
	t.Helper()
	argv := command("x")
	if _, err := exec.LookPath(argv[0]); err != nil {
		t.Skipf("NOTICE: %s is not installed; %s snippets not checked", argv[0], lang)
	}
	snippets := render(t)
	for _, store := range Stores {
		t.Run(store, func(t *testing.T) {
			file := filepath.Join(t.TempDir(), store+"."+ext)
			write(t, file, snippets[lang+"/"+store].Code)
			argv := command(file)
			run(t, filepath.Dir(file), nil, argv[0], argv[1:]...)
		})
	}
}

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func run(t *testing.T, dir string, env []string, name string, args ...string) {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir, cmd.Env = dir, env
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
}
