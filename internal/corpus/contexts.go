package corpus

import (
	"fmt"
	"strings"
)

// More places real files name a provider whose token has no prefix: its
// own header name, the client that takes a variable bound lines above,
// prose and log messages, and deployment files (a workflow step, a compose
// service, a Secret, a Terraform resource) named after it.
const (
	ShapeHeader    = "provider-header" // the provider's own header name before the value
	ShapeClientVar = "client-var"      // a variable the provider's client takes, bound lines above
	ShapeProse     = "prose"           // a sentence or log message, not an assignment
	ShapeFileName  = "file-name"       // the file's own name (config/postmark.yml)
)

var contextShapes = []string{ShapeHeader, ShapeClientVar, ShapeProse, ShapeFileName}

func (b *builder) contextCases() {
	headerFormats := []string{"sh", "md", "log", "http", "py", "js", "go", "ci"}
	for ki, k := range unprefixedKinds {
		if k.header != "" {
			for i := 0; i < b.n(6); i++ {
				b.headerCase(k, headerFormats[(ki+i)%len(headerFormats)])
			}
		}
		if ls := clientVarLangs(k); len(ls) > 0 {
			for i := 0; i < b.n(6); i++ {
				b.clientVarCase(k, ls[(ki+i)%len(ls)])
			}
		}
		for i := 0; i < b.n(5); i++ {
			b.proseCase(k, i)
		}
		for i := 0; i < b.n(2); i++ {
			b.notesDashDecoy(k)
		}
		for i := 0; i < b.n(2); i++ {
			b.repeatingDecoy(k)
		}
		for i := 0; i < b.n(2); i++ {
			b.apiNameCase(k, i)
		}
		for i := 0; i < b.n(4); i++ {
			b.deployCase(k, i)
		}
		for i := 0; i < b.n(6); i++ {
			b.fileNameCase(k, fileNameFormats[(ki+i)%len(fileNameFormats)])
		}
	}
	b.providerDataDecoys()
}

// headerCase sends the value in the provider's own header, to an address
// held elsewhere, so the header's name is the only context.
func (b *builder) headerCase(k tokenKind, format string) {
	g := b.g
	dir, svc := b.svc()
	v := k.value(g)
	h := strings.ReplaceAll(k.header, "{v}", v)
	name, hv, _ := strings.Cut(h, ": ")
	path := g.pick("/v1/messages", "/api/send", "/status", "/email/batch")
	var lines []string
	switch format {
	case "sh":
		lines = b.codeFile(langs["sh"], svc, []string{fmt.Sprintf(`curl -fsS "$API_URL%s" -H "Accept: application/json" -H %q`, path, h)})
	case "md":
		lines = b.mdFile(svc, "Try the endpoint by hand:", "bash", []string{fmt.Sprintf(`curl "$API_URL%s" \`, path), `  -H "Accept: application/json" \`, fmt.Sprintf(`  -H %q`, h)})
	case "log":
		lines = b.logFile([]string{"DEBUG [http] > POST " + path + " HTTP/1.1", "DEBUG [http] > Accept: application/json", "DEBUG [http] > " + h, "DEBUG [http] < HTTP/1.1 200 OK"})
	case "http":
		lines = []string{"### send", "POST {{baseUrl}}" + path, "Accept: application/json", h, "Content-Type: application/json", "", `{"To": "ops@acme-corp.net"}`}
	case "py":
		lines = b.codeFile(langs["py"], svc, []string{fmt.Sprintf(`resp = requests.post(API_URL + %q, headers={"Accept": "application/json", %q: %q}, json=payload)`, path, name, hv)})
	case "js":
		lines = b.codeFile(langs["js"], svc, []string{fmt.Sprintf(`const res = await fetch(apiUrl + %q, { method: "POST", headers: { Accept: "application/json", %q: %q } });`, path, name, hv)})
	case "go":
		lines = b.codeFile(langs["go"], svc, []string{fmt.Sprintf(`req, _ := http.NewRequest("POST", apiURL+%q, body)`, path), `req.Header.Set("Accept", "application/json")`, fmt.Sprintf(`req.Header.Set(%q, %q)`, name, hv)})
	case "ci":
		lines = []string{"name: smoke", "on: [push]", "jobs:", "  smoke:", "    runs-on: ubuntu-latest", "    steps:", "      - uses: actions/checkout@v4", "      - name: call the API",
			fmt.Sprintf(`        run: curl -fsS "$API_URL%s" -H %q`, path, h)}
	}
	m := mark{value: v, expect: k.provider, class: ClassUnprefixed, shape: ShapeHeader, variant: k.id + "/" + format}
	testDir := g.chance(5)
	b.add(b.path(dir, svc, format, testDir), format, lines, []mark{m}, testDir)
}

// clientVarLangs are the languages in which k's client takes its token as
// a string argument that a variable can stand for.
func clientVarLangs(k tokenKind) []string {
	var out []string
	for _, l := range sortedKeys(k.calls) {
		for _, t := range k.calls[l] {
			if strings.Contains(t, `"{v}"`) || strings.Contains(t, `'{v}'`) {
				out = append(out, l)
				break
			}
		}
	}
	return out
}

// clientVarCase binds the value to a variable with a generic name and
// passes the variable to the provider's client up to eight lines below,
// the client's import at the top of the body where the language allows.
func (b *builder) clientVarCase(k tokenKind, lid string) {
	g := b.g
	l := langs[lid]
	dir, svc := b.svc()
	v := k.value(g)
	var tmpls []string
	for _, t := range k.calls[lid] {
		if strings.Contains(t, `"{v}"`) || strings.Contains(t, `'{v}'`) {
			tmpls = append(tmpls, t)
		}
	}
	// A binding the call can name: the variable itself, not a map entry
	// or an environment variable.
	var binds []binding
	for _, bd := range l.assigns {
		i := strings.Index(bd.tmpl, "%n")
		if i == 0 || i > 0 && (bd.tmpl[i-1] == ' ' || bd.tmpl[i-1] == '$' || bd.tmpl[i-1] == '_') {
			binds = append(binds, bd)
		}
	}
	bd := binds[g.IntN(len(binds))]
	key := b.key(k)
	i := strings.Index(bd.tmpl, "%n")
	ref := bd.style.join(key)
	if i > 0 && (bd.tmpl[i-1] == '$' || bd.tmpl[i-1] == '_') {
		ref = bd.tmpl[i-1:i] + ref
	}
	call := g.pick(tmpls...)
	call = strings.NewReplacer(`"{v}"`, ref, `'{v}'`, ref).Replace(call)
	var body []string
	if imp, ok := k.imports[lid]; ok && lid != "java" && lid != "cs" && lid != "go" {
		body = append(body, imp, "")
	}
	d := 1 + g.IntN(8)
	body = append(body, bd.write(key, l.quote(g, v)))
	body = append(body, g.fillerLines(l, d-1)...)
	body = append(body, call)
	m := mark{value: v, expect: k.provider, class: ClassUnprefixed, shape: ShapeClientVar, variant: fmt.Sprintf("%s/%s/lines-below-%d", k.id, lid, d)}
	text, marks := b.companions(strings.Join(b.codeFile(l, svc, body), "\n"))
	testDir := g.chance(5)
	b.add(b.path(dir, svc, lid, testDir), lid, strings.Split(text, "\n"), append([]mark{m}, marks...), testDir)
}

// proseCase writes the value in a log message or a note, where words, not
// an operator, stand between the value and the provider's name.
func (b *builder) proseCase(k tokenKind, i int) {
	g := b.g
	dir, svc := b.svc()
	v := k.value(g)
	comp := g.pick(logComponents...)
	mention := b.mention(k)
	var lines []string
	format := "log"
	detail := ""
	switch i % 5 {
	case 0:
		detail = "log-before"
		lines = b.logFile([]string{g.pick(
			fmt.Sprintf("INFO  [%s] %s client ready (token %s)", comp, mention, v),
			fmt.Sprintf("DEBUG [%s] %s: authenticating with key %s", comp, mention, v),
			fmt.Sprintf("INFO  [%s] initialised %s with api key %s", comp, mention, v))})
	case 1:
		detail = "log-after"
		lines = b.logFile([]string{g.pick(
			fmt.Sprintf("WARN  [%s] token %s rejected by %s: 401 Unauthorized", comp, v, mention),
			fmt.Sprintf("ERROR [%s] key %s is not valid for %s", comp, v, mention))})
	case 2:
		detail = "log-two-lines"
		lines = b.logFile([]string{fmt.Sprintf("INFO  [%s] connecting to %s", comp, mention),
			fmt.Sprintf("DEBUG [%s] auth header %s: %s", comp, g.pick("api_key", "X-Api-Key", "token"), v)})
	case 4:
		// A list in notes puts a dash, not an operator, between the
		// name and the value.
		format = "md"
		detail = "notes-dash"
		item := fmt.Sprintf("- %s %s%s%s", mention, strings.Join(one(g, k.keys), " "), g.pick(" - ", " \u2013 ", " \u2014 "), g.pick(v, "`"+v+"`", "'"+v+"'"))
		lines = []string{"## Staging access", "", "- Grafana: ask in #ops", item, "- VPN: see the wiki"}
	default:
		format = "txt"
		detail = "handover-note"
		lines = []string{"Handover notes", "", g.pick(
			fmt.Sprintf("- %s: the production key is %s (rotate in June)", mention, v),
			fmt.Sprintf("- the token for %s is %s, stored in the team vault too", mention, v)), "- on-call rota is in PagerTree"}
		if k.provider == "pagerduty" {
			lines[len(lines)-1] = "- on-call rota is in the wiki"
		}
	}
	m := mark{value: v, expect: k.provider, class: ClassUnprefixed, shape: ShapeProse, variant: k.id + "/" + detail}
	b.add(b.path(dir, svc, format, false), format, lines, []mark{m}, false)
}

// DecoyNotesDash: a notes list that names the provider's token and
// dashes to words about it, not to the token, with an id of its shape
// further on.
const DecoyNotesDash = "notes-dash"

func (b *builder) notesDashDecoy(k tokenKind) {
	g := b.g
	v := k.value(g)
	item := fmt.Sprintf("- %s %s%s%s", b.mention(k), strings.Join(one(g, k.keys), " "), g.pick(" - ", " \u2013 "),
		g.pick("rotated on 2024-05-14, ticket "+v, "see the vault (request "+v+")", "expired, replaced after incident "+v))
	b.plantRaw("md", "docs/access-"+g.hex(6)+".md", []string{"## Access", "", item, "- VPN: see the wiki"}, decoyMark(v, DecoyNotesDash, k.id, k.provider))
}

// apiNameCase names the value after the provider's API alone
// (CLARIFAI_API=..., postmarkApi: ...), with no credential word; beside
// it, a decoy names an id after the API (postmark_api_id).
func (b *builder) apiNameCase(k tokenKind, i int) {
	formats := []string{"env", "yaml", "json", "py", "js", "toml", "go", "rb"}
	format := formats[(len(k.id)+i)%len(formats)]
	key := append(append([]string{}, k.section...), "api")
	v := k.value(b.g)
	b.valueIn(format, key, v, mark{value: v, expect: k.provider, class: ClassUnprefixed, shape: ShapeNameBefore, variant: k.id + "/provider-api"})
	d := k.value(b.g)
	b.valueIn(format, append(key, "id"), d, decoyMark(d, DecoyNearProvider, k.id+"/api-id", k.provider))
}

// DecoyRepeating: a value of the token's length and characters, under the
// provider's name, that repeats a short unit (0f0f..., ab12ab12...): a
// placeholder, however short the format.
const DecoyRepeating = "repeating-value"

func (b *builder) repeatingDecoy(k tokenKind) {
	g := b.g
	real := k.value(g)
	unit := real[:2+g.IntN(3)]
	v := strings.Repeat(unit, len(real)/len(unit)+1)[:len(real)]
	key := append(append([]string{}, k.section...), one(g, k.keys)...)
	b.valueIn(decoyFormats[g.IntN(len(decoyFormats))], key, v, decoyMark(v, DecoyRepeating, k.id, k.provider))
}

// deployCase plants the value in a deployment file named after the
// provider: a workflow step, a compose service, a Secret or a Terraform
// resource, under a key that does not name it.
func (b *builder) deployCase(k tokenKind, i int) {
	g := b.g
	dir, svc := b.svc()
	v := k.value(g)
	key := b.key(k)
	sec := k.section[0]
	var lines []string
	var format, shape, detail, path string
	switch i % 4 {
	case 0:
		format, shape, detail = "ci", ShapeNameAbove, "gha-step-name"
		lines = []string{"name: release", "on:", "  push:", "    tags: ['v*']", "jobs:", "  notify:", "    runs-on: ubuntu-latest", "    steps:", "      - uses: actions/checkout@v4",
			"      - name: " + g.pick("Send the release mail through %s", "Notify %s", "Upload to %s"),
			"        env:", "          " + upperSnake.join(key) + ": " + v, "        run: ./scripts/notify.sh"}
		lines[9] = fmt.Sprintf(lines[9], k.name)
		path = dir + "/.github/workflows/release.yml"
	case 1:
		format, shape, detail = "compose", ShapeEnclosing, "compose-service"
		lines = []string{"services:", "  app:", "    image: registry.acme-corp.net/" + svc + ":1.8.3", "    ports: [\"8080:8080\"]",
			"  " + sec + "-" + g.pick("relay", "worker", "sidecar") + ":", "    image: registry.acme-corp.net/" + sec + "-bridge:2.1.0", "    environment:",
			"      " + upperSnake.join(key) + ": " + v, "      LOG_LEVEL: info"}
		path = dir + "/" + g.pick("docker-compose.yml", "compose.yaml")
	case 2:
		format, shape, detail = "k8s", ShapeNameAbove, "k8s-secret-name"
		lines = []string{"apiVersion: v1", "kind: Secret", "metadata:", "  name: " + sec + "-credentials", "  namespace: " + svc, "type: Opaque", "stringData:", "  " + snake.join(key) + ": " + v}
		path = dir + "/k8s/" + sec + "-secret.yaml"
	default:
		format, shape, detail = "tf", ShapeEnclosing, "tf-resource-label"
		lines = []string{fmt.Sprintf(`resource "kubernetes_secret" %q {`, sec), "  metadata {", `    name      = "` + sec + `"`, `    namespace = "` + svc + `"`, "  }", "  data = {", "    " + snake.join(key) + " = \"" + v + "\"", "  }", "}"}
		path = dir + "/infra/secrets.tf"
	}
	m := mark{value: v, expect: k.provider, class: ClassUnprefixed, shape: shape, variant: k.id + "/" + detail}
	b.add(path, format, lines, []mark{m}, false)
}

var fileNameFormats = []string{"yaml", "json", "env", "toml", "ini", "py", "rb", "js", "go"}

// fileNamePaths are files named after the provider ({p}) that hold its
// settings.
var fileNamePaths = map[string][]string{
	"yaml": {"config/{p}.yml", "config/{p}.yaml", "deploy/{p}-values.yaml"},
	"json": {"config/{p}.json", "settings/{p}.json"},
	"env":  {"deploy/{p}.env", ".env.{p}"},
	"toml": {"config/{p}.toml"},
	"ini":  {"conf/{p}.ini"},
	"py":   {"app/integrations/{p}.py", "app/{p}_client.py"},
	"rb":   {"config/initializers/{p}.rb", "lib/{p}_client.rb"},
	"js":   {"src/lib/{p}.js", "config/{p}.config.js"},
	"go":   {"internal/notify/{p}.go", "pkg/{p}_client.go"},
}

// fileNameCase plants the value under a generic key in a file named after
// the provider, which names it nowhere else.
func (b *builder) fileNameCase(k tokenKind, format string) {
	g := b.g
	dir, svc := b.svc()
	v := k.value(g)
	key := b.key(k)
	var lines []string
	m := mark{value: v, expect: k.provider, class: ClassUnprefixed, shape: ShapeFileName, variant: k.id + "/" + format}
	if isData(format) {
		lines, m.key = b.dataFile(format, svc, b.style(format), []*entry{leaf(key, v)}, v)
	} else {
		l := langs[format]
		lines = b.codeFile(l, svc, []string{l.assigns[g.IntN(len(l.assigns))].write(key, l.quote(g, v))})
	}
	path := dir + "/" + strings.ReplaceAll(g.pick(fileNamePaths[format]...), "{p}", strings.ReplaceAll(k.section[0], "-", "_"))
	b.add(path, format, lines, []mark{m}, false)
}

// DecoyProviderData: identifiers in a provider's own payloads and
// listings (a Postmark webhook's MessageID, a PagerDuty dedup key, a
// package hash beside the SDK's name) that look like its tokens.
const DecoyProviderData = "provider-data"

func (b *builder) providerDataDecoys() {
	type payload struct {
		imitates, format, path string
		write                  func(g gen) (lines []string, v string)
	}
	ps := []payload{
		{"postmark", "json", "docs/webhooks/bounce.json", func(g gen) ([]string, string) {
			v := g.uuid()
			return []string{"{", `  "RecordType": "Bounce",`, `  "MessageStream": "outbound",`, `  "ID": ` + g.digits(10) + ",", `  "Type": "HardBounce",`,
				`  "MessageID": "` + v + `",`, `  "ServerID": ` + g.digits(5) + ",", `  "Description": "The server was unable to deliver your message (ex: unknown user, mailbox not found).",`,
				`  "Email": "jane@example.com",`, `  "From": "noreply@acme-corp.net",`, `  "BouncedAt": "2024-05-14T10:12:01Z"`, "}"}, v
		}},
		{"postmark", "log", "logs/mailer.log", func(g gen) ([]string, string) {
			v := g.uuid()
			return []string{"INFO  [mail] postmark accepted message to=jane@example.com MessageID=" + v + " ErrorCode=0"}, v
		}},
		{"postmark", "py", "app/mail.py", func(g gen) ([]string, string) {
			v := g.uuid()
			return []string{"# Postmark answers with the id of the queued message", "message_id = \"" + v + "\"", "log.info(\"postmark message %s queued\", message_id)"}, v
		}},
		{"pagerduty", "json", "docs/pagerduty-event.json", func(g gen) ([]string, string) {
			v := g.hex(32)
			return []string{"{", `  "event_action": "trigger",`, `  "dedup_key": "` + v + `",`, `  "payload": {"summary": "disk full on db-1", "source": "db-1", "severity": "critical"}`, "}"}, v
		}},
		{"sentry", "txt", "requirements.txt", func(g gen) ([]string, string) {
			v := g.hex(64)
			return []string{"requests==2.32.3 \\", "    --hash=sha256:" + g.hex(64), "sentry-sdk==2.1.1 \\", "    --hash=sha256:" + v, "urllib3==2.2.1 \\", "    --hash=sha256:" + g.hex(64)}, v
		}},
		{"sentry", "log", "logs/worker.log", func(g gen) ([]string, string) {
			v := g.hex(32)
			return []string{"ERROR [worker] job failed; reported to Sentry as event " + v}, v
		}},
		{"rollbar", "json", "docs/rollbar-item.json", func(g gen) ([]string, string) {
			v := g.uuid()
			return []string{"{", `  "err": 0,`, `  "result": {"id": null, "uuid": "` + v + `"}`, "}"}, v
		}},
		{"heroku", "txt", "ops/releases.txt", func(g gen) ([]string, string) {
			v := g.uuid()
			return []string{"$ heroku releases:info v142 --app acme-api", "=== Release v142", "Add Description: Deploy 4c1a2e9", "By:              ops@acme-corp.net", "Change:          " + v, "When:            2024/05/14 10:31:07 +0000"}, v
		}},
		{"pepipost", "json", "docs/pepipost-events.json", func(g gen) ([]string, string) {
			v := g.hex(32)
			return []string{"[", `  {"TRANSID": "` + g.digits(12) + `", "EVENT": "sent", "EMAIL": "jane@example.com", "X-APIHEADER": "` + v + `", "TIMESTAMP": 1715681521}`, "]"}, v
		}},
		{"datadog", "yaml", "config/datadog-checks.yaml", func(g gen) ([]string, string) {
			v := g.hex(32)
			return []string{"# datadog agent check for the mailer", "init_config:", "instances:", "  - url: http://localhost:8080/metrics", "    checksum: " + v}, v
		}},
	}
	for i := 0; i < b.n(40); i++ {
		for _, p := range ps {
			lines, v := p.write(b.g)
			if p.format == "log" {
				lines = b.logFile(lines)
			}
			b.plantRaw(p.format, p.path, lines, decoyMark(v, DecoyProviderData, p.imitates+"/"+strings.TrimSuffix(p.path[strings.LastIndex(p.path, "/")+1:], "."+p.format), p.imitates))
		}
	}
}
