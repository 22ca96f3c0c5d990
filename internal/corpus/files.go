package corpus

import (
	"strings"
	"time"
)

// Where files of each format live in a service directory. {env} and {svc}
// are filled in; none of the paths says test, example or fixture.
var formatPaths = map[string][]string{
	"yaml":       {"config/settings.yaml", "config/{env}.yml", "app.yaml", "config.yml", "conf/{svc}.yaml"},
	"json":       {"config/default.json", "config/{env}.json", "appsettings.json", "appsettings.{Env}.json", "settings.json", "local.settings.json"},
	"toml":       {"config.toml", "config/{env}.toml", "settings.toml", "Settings.toml"},
	"ini":        {"config.ini", "app.ini", "settings.cfg", "conf/{svc}.ini"},
	"properties": {"src/main/resources/application.properties", "src/main/resources/application-{env}.properties", "config/app.properties", "conf/{svc}.properties"},
	"env":        {".env", ".env.{env}", "deploy/{env}.env", ".env.local"},
	"xml":        {"App.config", "Web.config", "src/main/resources/applicationContext.xml", "config/settings.xml", "conf/context.xml"},
	"tf":         {"infra/main.tf", "infra/{svc}/main.tf", "terraform/providers.tf", "infra/variables.tf"},
	"tfvars":     {"infra/terraform.tfvars", "infra/envs/{env}.tfvars", "terraform/{env}.auto.tfvars"},
	"k8s":        {"k8s/secret.yaml", "deploy/k8s/{svc}-config.yaml", "manifests/{env}/configmap.yaml"},
	"helm":       {"charts/{svc}/values.yaml", "charts/{svc}/values-{env}.yaml"},
	"ansible":    {"ansible/group_vars/{env}/vars.yml", "ansible/roles/{svc}/defaults/main.yml", "ansible/host_vars/app01.yml"},
	"compose":    {"docker-compose.yml", "docker-compose.{env}.yml", "compose.yaml"},
	"go":         {"internal/config/config.go", "cmd/{svc}/main.go", "pkg/{svc}/client.go"},
	"py":         {"settings.py", "{svc}/config.py", "app/settings/production.py", "scripts/sync.py"},
	"js":         {"config/index.js", "src/lib/{svc}.js", "server.js", "scripts/notify.js"},
	"ts":         {"src/config.ts", "src/services/{svc}.ts", "src/lib/client.ts"},
	"java":       {"src/main/java/com/acme/{svc}/AppConfig.java"},
	"cs":         {"src/{Svc}/AppSettings.cs", "Services/{Svc}Client.cs"},
	"php":        {"config/services.php", "app/Services/{Svc}Client.php", "includes/config.php"},
	"rb":         {"config/initializers/{svc}.rb", "lib/{svc}/client.rb", "config/application.rb"},
	"sh":         {"scripts/deploy.sh", "bin/setup.sh", "ops/{svc}-backup.sh"},
	"ps1":        {"scripts/deploy.ps1", "ops/Setup-{Svc}.ps1"},
	"bat":        {"scripts/map-drives.bat", "ops/install.cmd"},
	"makefile":   {"Makefile", "mk/deploy.mk"},
	"dockerfile": {"Dockerfile", "docker/{svc}.Dockerfile", "Dockerfile.prod"},
	"log":        {"logs/{svc}-2024-05-14.log", "var/log/{svc}.log", "build/output.log", "ci/job-4417.log"},
	"md":         {"README.md", "docs/setup.md", "docs/runbook.md", "CONTRIBUTING.md"},
	"r":          {"analysis/export.R", "scripts/report.R"},
	"kt":         {"src/main/kotlin/com/acme/Config.kt", "app/src/main/java/com/acme/Settings.kt"},
	"swift":      {"Sources/App/Config.swift", "ios/App/Environment.swift"},
	"c":          {"src/config.h", "src/main.c"},
	"pl":         {"scripts/sync.pl", "bin/report.pl"},
	"nginx":      {"nginx/conf.d/{svc}.conf", "deploy/nginx.conf"},
	"ci":         {".github/workflows/deploy.yml", ".gitlab-ci.yml", ".circleci/config.yml"},
	"ldif":       {"ldap/users.ldif", "seed/people.ldif"},
	"txt":        {"notes.txt", "ops/handover.txt", "audit/hashes.txt"},
	"sql":        {"db/dump.sql", "backups/{svc}-2024-05-01.sql", "migrations/0003_seed_users.sql"},
	"http":       {"requests/{svc}.http", "api.http"},
	"html":       {"templates/login.html", "public/index.html", "src/views/account.html"},
	"css":        {"public/css/app.css", "src/styles/main.css"},
}

// testDirs hold test code; a real secret there is still a leak.
var testDirs = []string{"tests/", "src/test/", "spec/", "test/integration/"}

func (b *builder) path(dir, svc, format string, testDir bool) string {
	tmpl := b.g.pick(formatPaths[format]...)
	env := b.g.pick(envs...)
	p := strings.NewReplacer("{env}", env, "{Env}", strings.ToUpper(env[:1])+env[1:], "{svc}", svc, "{Svc}", pascal.join(strings.Split(svc, "-"))).Replace(tmpl)
	if testDir {
		p = b.g.pick(testDirs...) + p
	}
	return dir + "/" + p
}

// dataFormat maps a file format to the tree renderer that writes it.
func dataFormat(format string) string {
	switch format {
	case "tf", "tfvars":
		return "hcl"
	case "k8s", "helm", "ansible", "compose":
		return "yaml"
	}
	return format
}

func isData(format string) bool {
	switch dataFormat(format) {
	case "yaml", "json", "toml", "ini", "properties", "env", "xml", "hcl":
		return true
	}
	return false
}

// style picks the key style a file of format uses.
func (b *builder) style(format string) keyStyle {
	switch format {
	case "k8s", "compose":
		return upperSnake
	case "ansible", "tf", "tfvars":
		return snake
	case "helm":
		return camel
	}
	st := dataStyles[dataFormat(format)]
	return st[b.g.IntN(len(st))]
}

// dataFile writes entries as a whole file of format, with neutral settings
// around them and the skeleton the format's files have (a Secret manifest,
// a compose service, an XML root). It returns the lines and the key path
// of value.
func (b *builder) dataFile(format, svc string, s keyStyle, es []*entry, value string) ([]string, string) {
	g := b.g
	before, after := g.IntN(3), g.IntN(3)
	pad := g.neutrals(before + after)
	body := append(append(pad[:before:before], es...), pad[before:]...)
	if g.chance(30) && format != "env" && format != "properties" && format != "k8s" && format != "compose" {
		body = append([]*entry{g.neutralSection()}, body...)
	}
	var tree []*entry
	var prefix []string
	switch format {
	case "k8s":
		kind, data := "Secret", "stringData"
		if g.chance(40) {
			kind, data = "ConfigMap", "data"
		}
		tree = []*entry{
			{rawKey: "apiVersion", value: "v1"}, {rawKey: "kind", value: kind},
			{rawKey: "metadata", children: []*entry{{rawKey: "name", value: svc + "-config"}, {rawKey: "namespace", value: svc}}},
			{rawKey: data, children: body},
		}
		if kind == "Secret" {
			tree = append(tree[:3], append([]*entry{{rawKey: "type", value: "Opaque"}}, tree[3:]...)...)
		}
	case "compose":
		tree = []*entry{{rawKey: "services", children: []*entry{{rawKey: svc, children: []*entry{
			{rawKey: "image", value: "registry.acme-corp.net/" + svc + ":1.8.3"},
			{rawKey: "restart", value: "unless-stopped"},
			{rawKey: "environment", children: body},
		}}}}}
	case "helm":
		tree = append([]*entry{
			{rawKey: "replicaCount", value: "2"},
			{rawKey: "image", children: []*entry{{rawKey: "repository", value: "registry.acme-corp.net/" + svc}, {rawKey: "tag", value: "1.8.3"}}},
		}, body...)
	case "tf":
		var blocks, locals []*entry
		for _, e := range body {
			if e.block {
				blocks = append(blocks, e)
			} else {
				locals = append(locals, e)
			}
		}
		tree = append([]*entry{{rawKey: "terraform", block: true, children: []*entry{{rawKey: "required_version", value: ">= 1.5.0"}}}}, blocks...)
		if len(locals) > 0 {
			tree = append(tree, &entry{rawKey: "locals", block: true, children: locals})
		}
	default:
		tree = body
	}
	key := keyPath(tree, s, value, prefix)
	lines := render(dataFormat(format), s, tree)
	switch format {
	case "xml":
		root := g.pick("configuration", "config", "settings", "beans")
		lines = append(append([]string{`<?xml version="1.0" encoding="utf-8"?>`, "<" + root + ">"}, lines...), "</"+root+">")
	case "ansible":
		lines = append([]string{"---"}, lines...)
	case "k8s", "helm", "compose":
		if g.chance(30) {
			lines = append([]string{"# " + svc + " " + format + " configuration"}, lines...)
		}
	}
	return lines, key
}

// keyPath is the dotted path of the entry holding value.
func keyPath(es []*entry, s keyStyle, value string, prefix []string) string {
	for _, e := range es {
		path := append(append([]string{}, prefix...), e.name(s))
		if len(e.children) == 0 && value != "" && (e.value == value || strings.Contains(e.value, value)) {
			return strings.Join(path, ".")
		}
		if p := keyPath(e.children, s, value, path); p != "" {
			return p
		}
	}
	return ""
}

// codeFile wraps statements into a file of language l.
func (b *builder) codeFile(l *lang, svc string, body []string) []string {
	return wrapCode(b.g, l, svc, body)
}

var logComponents = []string{"main", "http", "worker", "scheduler", "db", "cache", "queue"}
var neutralLog = []string{
	"INFO  [http] GET /healthz 200 1ms", "INFO  [worker] processed batch 42 in 118ms", "DEBUG [cache] hit ratio 0.93",
	"INFO  [main] listening on :8080", "WARN  [db] slow query (612ms): SELECT id FROM orders WHERE status = $1",
	"INFO  [scheduler] next run in 300s", "INFO  [queue] consumer connected to orders", "DEBUG [http] POST /v1/events 202 4ms",
}

// logFile puts msgs (each "LEVEL [component] text") among neutral log
// lines, each with a timestamp.
func (b *builder) logFile(msgs []string) []string {
	g := b.g
	t := time.Date(2024, 5, 14, 8+g.IntN(10), g.IntN(60), g.IntN(60), 0, time.UTC)
	var out []string
	stamp := func(m string) string {
		t = t.Add(time.Duration(10+g.IntN(3000)) * time.Millisecond)
		return t.Format("2006-01-02T15:04:05.000Z") + " " + m
	}
	for i := 1 + g.IntN(4); i > 0; i-- {
		out = append(out, stamp(g.pick(neutralLog...)))
	}
	for _, m := range msgs {
		out = append(out, stamp(m))
	}
	for i := 1 + g.IntN(4); i > 0; i-- {
		out = append(out, stamp(g.pick(neutralLog...)))
	}
	return out
}

// mdFile is a README or runbook with prose around a fenced code block.
func (b *builder) mdFile(svc, lead, fence string, code []string) []string {
	out := []string{"# " + pascal.join(strings.Split(svc, "-")), "", b.g.pick(
		"This service runs behind the gateway and is deployed by the platform pipeline.",
		"Operational notes for the on-call engineer.",
		"How to run the service locally and in staging.")}
	if lead != "" {
		out = append(out, "", lead)
	}
	out = append(out, "", "```"+fence)
	out = append(out, code...)
	out = append(out, "```", "", "Restart the service after changing the configuration.")
	return out
}

// mdFence is the info string of a code block in format.
func mdFence(format string) string {
	switch format {
	case "sh":
		return "bash"
	case "py":
		return "python"
	case "js":
		return "javascript"
	case "env":
		return "dotenv"
	}
	return format
}

// sentinel stands in for a value while a file is rendered, to find the
// line a non-unique value (an empty string, "string", "${X}") lands on.
const sentinel = "ZqSentinelValueZq"

// dataFileAt is dataFile for a value that may not be unique in the file:
// it returns the line of target as well. The value is written as the
// format writes it (escaped in XML, quoted in YAML): see renderScalar.
func (b *builder) dataFileAt(format, svc string, s keyStyle, es []*entry, target *entry) ([]string, int, string) {
	real := target.value
	target.value = sentinel
	lines, key := b.dataFile(format, svc, s, es, sentinel)
	target.value = real
	for i, l := range lines {
		if strings.Contains(l, sentinel) {
			lines[i] = strings.Replace(l, renderScalar(format, sentinel), renderScalar(format, real), 1)
			return lines, i + 1, key
		}
	}
	panic("sentinel not rendered in " + format)
}

// renderScalar writes a single-line value the way the format's renderer does.
func renderScalar(format, v string) string {
	switch dataFormat(format) {
	case "yaml":
		return yamlScalar(v)
	case "json":
		return jsonScalar(v)
	case "toml":
		return tomlValue(v)
	case "xml":
		return xmlEscape(v)
	case "env":
		if strings.ContainsAny(v, " #'\"$") {
			return jsonString(v)
		}
		return v
	case "hcl":
		if strings.HasPrefix(v, "var.") || v == "true" || v == "false" || isNumber(v) {
			return v
		}
		return jsonString(v)
	}
	return v
}
