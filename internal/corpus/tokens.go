package corpus

import (
	"fmt"
	"sort"
	"strings"
)

// The context shapes of a token without a unique prefix: where the name of
// its provider stands relative to the value.
const (
	ShapeNameBefore = "name-before"   // same line, before the value
	ShapeNameAfter  = "name-after"    // same line, after the value
	ShapeEnclosing  = "enclosing-key" // a parent key, section or element
	ShapeNameAbove  = "name-above"    // 1-5 lines above (comment, log, sibling)
	ShapeCallArg    = "call-arg"      // an argument of the provider's client
	ShapeURLNearby  = "url-nearby"    // the provider's API URL nearby
)

var unprefixedShapes = []string{ShapeNameBefore, ShapeNameAfter, ShapeEnclosing, ShapeNameAbove, ShapeCallArg, ShapeURLNearby}

// The formats each shape is planted in, cycled across kinds so that every
// kind meets many formats and every format many kinds.
var shapeFormats = map[string][]string{
	ShapeNameBefore: {"env", "yaml", "json", "toml", "ini", "properties", "xml", "tfvars", "tf", "k8s", "helm", "ansible", "compose", "go", "py", "js", "ts", "java", "cs", "php", "rb", "sh", "makefile", "dockerfile", "log", "md"},
	ShapeNameAfter:  {"yaml", "json", "toml", "ini", "env", "xml", "tfvars", "helm", "go", "py", "js", "ts", "java", "cs", "php", "rb", "sh", "makefile", "log", "md"},
	ShapeEnclosing:  {"yaml", "json", "toml", "ini", "properties", "xml", "tfvars", "tf", "helm", "ansible", "go", "py", "js", "ts", "java", "cs", "php", "rb"},
	ShapeNameAbove:  {"yaml", "json", "toml", "ini", "properties", "env", "xml", "tfvars", "k8s", "helm", "go", "py", "js", "ts", "java", "cs", "php", "rb", "sh", "makefile", "dockerfile", "log", "md"},
	ShapeURLNearby:  {"yaml", "json", "toml", "ini", "properties", "env", "xml", "tfvars", "helm", "go", "py", "js", "ts", "java", "cs", "php", "rb", "sh", "log", "md"},
}

// Providers with a Terraform provider whose block takes the credential.
var terraformProviders = map[string]bool{"datadog": true, "cloudflare": true, "pagerduty": true, "heroku": true, "okta": true, "mailgun": true, "sentry": true, "aws": true, "opsgenie": true}

func (b *builder) unprefixed() {
	for ki, k := range unprefixedKinds {
		for _, shape := range unprefixedShapes {
			formats := shapeFormats[shape]
			if shape == ShapeCallArg {
				formats = sortedKeys(k.calls)
			}
			for i := 0; i < b.n(8); i++ {
				b.tokenCase(k, shape, formats[(ki*8+i)%len(formats)], ClassUnprefixed, k.value(b.g))
			}
		}
	}
}

func sortedKeys(m map[string][]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// mention is how prose names the vendor: as written, lower or upper case.
func (b *builder) mention(k tokenKind) string {
	switch b.g.IntN(5) {
	case 0:
		return strings.ToLower(k.name)
	case 1:
		return strings.ToUpper(strings.ReplaceAll(k.name, " ", "_"))
	}
	return k.name
}

var (
	abovePhrases = []string{"%s settings", "Sending request to the %s API", "credentials for %s (rotate yearly)", "%s integration", "used by the %s client below", "%s: production account", "configure %s", "%s API access", "--- %s ---"}
	afterPhrases = []string{"%s", "%s API", "%s v5", "from the %s dashboard", "prod %s", "%s (production)", "%s account"}
	logAbove     = []string{"INFO  [%s] Sending request to the %s API", "INFO  [%s] initialising %s client", "DEBUG [%s] connecting to %s", "INFO  [%s] loaded %s configuration"}
	parents      = [][]string{{"notifications"}, {"integrations"}, {"providers"}, {"services"}, {"external"}, {"vendors"}}
	innerParents = [][]string{{"credentials"}, {"auth"}, {"api"}}
	urlKeys      = [][]string{{"endpoint"}, {"api", "url"}, {"base", "url"}, {"url"}, {"host"}}
	headerNames  = []string{"api_key", "X-Api-Key", "Authorization", "X-Auth-Token", "token"}
)

// companions fills {akid}, {sid}, {appid}, {pub} and {space} in s with
// fresh values and returns the marks for them: an AWS key id is a secret
// of its own; the others are public identifiers a scanner must not report.
func (b *builder) companions(s string) (string, []mark) {
	var marks []mark
	g := b.g
	type comp struct {
		ph, expect, variant, class, shape string
		val                               func() string
	}
	for _, c := range []comp{
		{"{akid}", "aws", "aws-key-id", ClassPrefixed, ShapeCallArg, func() string { return g.AWSKeyID() }},
		{"{sid}", "twilio", "twilio-account-sid", ClassDecoy, "public-id", func() string { return "AC" + g.hex(32) }},
		{"{appid}", "algolia", "algolia-app-id", ClassDecoy, "public-id", func() string { return g.String(upper+digits, 10) }},
		{"{pub}", "pusher", "pusher-app-key", ClassDecoy, "public-id", func() string { return g.hex(20) }},
		{"{space}", "contentful", "contentful-space-id", ClassDecoy, "public-id", func() string { return g.String(lower+digits, 12) }},
	} {
		for strings.Contains(s, c.ph) {
			v := c.val()
			s = strings.Replace(s, c.ph, v, 1)
			marks = append(marks, mark{value: v, expect: c.expect, class: c.class, shape: c.shape, variant: c.variant})
		}
	}
	return s, marks
}

// tokenCase plants value v of kind k in shape, in a new file of format.
func (b *builder) tokenCase(k tokenKind, shape, format, class string, v string) {
	g := b.g
	dir, svc := b.svc()
	testDir := g.chance(5)
	m := mark{value: v, expect: k.provider, class: class, shape: shape, variant: k.id}
	var lines []string
	var detail string
	switch {
	case format == "k8s" && shape == ShapeNameAbove:
		lines = b.k8sDeployment(svc, []*entry{{rawKey: "name", value: upperSnake.join(b.pname(k))}, {rawKey: "value", value: v}})
		detail = "k8s-env-pair"
		m.key = "env." + upperSnake.join(b.pname(k))
	case isData(format):
		s := b.style(format)
		var es []*entry
		es, detail = b.dataShape(k, shape, format, v)
		lines, m.key = b.dataFile(format, svc, s, es, v)
	case format == "log":
		var msgs []string
		msgs, detail = b.logShape(k, shape, v)
		lines = b.logFile(msgs)
	case format == "md":
		lead, fence, code, d := b.mdShape(k, shape, v)
		detail = d
		lines = b.mdFile(svc, lead, fence, code)
	default:
		l := langs[format]
		var body []string
		body, detail, m.key = b.codeShape(k, shape, l, v)
		lines = b.codeFile(l, svc, body)
	}
	if detail != "" {
		m.variant += "/" + detail
	}
	text, marks := b.companions(strings.Join(lines, "\n"))
	b.add(b.path(dir, svc, format, testDir), format, strings.Split(text, "\n"), append([]mark{m}, marks...), testDir)
}

func (b *builder) key(k tokenKind) []string   { return k.keys[b.g.IntN(len(k.keys))] }
func (b *builder) pname(k tokenKind) []string { return k.names[b.g.IntN(len(k.names))] }

// nameFor is the key a name-before case uses: the provider's name, or a
// generic key for a prefixed token planted under one.
func (b *builder) nameFor(k tokenKind, shape string) []string {
	if shape == ShapeGenericKey {
		return b.key(k)
	}
	return b.pname(k)
}
func (b *builder) distance(maxD int) int { return 1 + b.g.IntN(maxD) }
func (b *builder) phrase(ps []string, k tokenKind) string {
	return fmt.Sprintf(b.g.pick(ps...), b.mention(k))
}

// dataShape returns the entries that put v in shape, and a detail label.
func (b *builder) dataShape(k tokenKind, shape, format, v string) ([]*entry, string) {
	g := b.g
	switch shape {
	case ShapeNameBefore, ShapeGenericKey:
		e := leaf(b.nameFor(k, shape), v)
		if format == "xml" && g.chance(50) {
			e.attrs = true
			return []*entry{{rawKey: "appSettings", children: []*entry{e}}}, "xml-add-key-value"
		}
		if g.chance(25) && format != "env" && format != "k8s" && format != "compose" && format != "properties" {
			return []*entry{section(one(g, parents), g.neutral(), e)}, "in-section"
		}
		return []*entry{e}, ""
	case ShapeNameAfter:
		e := leaf(b.key(k), v)
		if format == "json" || format == "xml" && g.chance(50) {
			e.besides = leaf([]string{g.pick("provider", "service", "vendor")}, strings.ToLower(k.name))
			return []*entry{e}, "sibling-on-line"
		}
		e.trailing = b.phrase(afterPhrases, k)
		return []*entry{e}, "trailing-comment"
	case ShapeEnclosing:
		inner := leaf(b.key(k), v)
		if format == "tf" {
			if terraformProviders[k.provider] {
				return []*entry{{rawKey: fmt.Sprintf("provider %q", k.provider), block: true, children: []*entry{inner}}}, "tf-provider-block"
			}
			return []*entry{{rawKey: fmt.Sprintf("module %q", k.section[0]+"_"+g.pick("mailer", "client", "integration")), block: true,
				children: []*entry{{rawKey: "source", value: "./modules/" + k.section[0]}, inner}}}, "tf-module-block"
		}
		sec := section(k.section, append(g.neutrals(g.IntN(2)), inner)...)
		switch g.IntN(3) {
		case 0:
			return []*entry{section(one(g, parents), sec)}, "depth-2"
		case 1:
			return []*entry{section(k.section, g.neutral(), section(one(g, innerParents), inner))}, "depth-2-inner"
		}
		return []*entry{sec}, "depth-1"
	case ShapeNameAbove:
		if format == "k8s" {
			return nil, "" // written as a Deployment by k8sEnvPair
		}
		d := b.distance(5)
		es := g.neutrals(d - 1)
		es = append(es, leaf(b.key(k), v))
		es[0].above = []string{b.phrase(abovePhrases, k)}
		if format == "json" && g.chance(50) {
			es[0].above = nil
			es = append([]*entry{leaf([]string{g.pick("provider", "service")}, strings.ToLower(k.name))}, es...)
		}
		return []*entry{section(one(g, [][]string{{"mail"}, {"monitoring"}, {"alerts"}, {"client"}}), es...)}, fmt.Sprintf("lines-above-%d", d)
	case ShapeURLNearby:
		url := leaf(one(g, urlKeys), k.url)
		val := leaf(b.key(k), v)
		switch n := g.IntN(4); {
		case n == 0:
			return []*entry{val, url}, "url-below"
		case n == 1 && format == "json":
			val.besides = url
			return []*entry{val}, "url-same-line"
		default:
			d := b.distance(3)
			return append(append([]*entry{url}, g.neutrals(d-1)...), val), fmt.Sprintf("url-above-%d", d)
		}
	}
	panic("no data shape " + shape)
}

// codeShape returns statements that put v in shape in language l, a
// detail label and the key path (for nested literals).
func (b *builder) codeShape(k tokenKind, shape string, l *lang, v string) ([]string, string, string) {
	g := b.g
	bind := l.assigns[g.IntN(len(l.assigns))]
	lit := l.quote(g, v)
	switch shape {
	case ShapeNameBefore, ShapeGenericKey:
		if l.id == "go" && g.chance(25) {
			return []string{fmt.Sprintf("os.Setenv(%q, %s)", upperSnake.join(b.nameFor(k, shape)), lit)}, "setenv", ""
		}
		return []string{bind.write(b.nameFor(k, shape), lit)}, "", ""
	case ShapeNameAfter:
		return []string{bind.write(b.key(k), lit) + "  " + l.comment + " " + b.phrase(afterPhrases, k)}, "trailing-comment", ""
	case ShapeEnclosing:
		inner := leaf(b.key(k), v)
		es := []*entry{section(k.section, inner)}
		s := camel
		if l.id == "py" || l.id == "rb" || l.id == "php" {
			s = snake
		}
		name := g.pick("config", "services", "integrations", "settings")
		return l.object(s, name, es, func(x string) string { return l.quote(g, x) }), "object-literal", s.join(k.section) + "." + inner.name(s)
	case ShapeNameAbove:
		d := b.distance(5)
		body := []string{l.comment + " " + b.phrase(abovePhrases, k)}
		body = append(body, g.fillerLines(l, d-1)...)
		return append(body, bind.write(b.key(k), lit)), fmt.Sprintf("lines-above-%d", d), ""
	case ShapeCallArg:
		tmpls := k.calls[l.id]
		return []string{strings.ReplaceAll(g.pick(tmpls...), "{v}", v)}, l.id, ""
	case ShapeURLNearby:
		if g.chance(50) {
			d := b.distance(3)
			body := []string{bind.write(one(g, urlKeys), l.quote(g, k.url))}
			body = append(body, g.fillerLines(l, d-1)...)
			return append(body, bind.write(b.key(k), lit)), fmt.Sprintf("url-above-%d", d), ""
		}
		return []string{httpCall(g, l.id, k.url, v)}, "url-same-line", ""
	}
	panic("no code shape " + shape)
}

// httpCall is one line of l that sends v in a generic header to url.
func httpCall(g gen, l, url, v string) string {
	h := g.pick(headerNames...)
	hv := v
	if h == "Authorization" {
		hv = "Bearer " + v
	}
	switch l {
	case "py":
		return fmt.Sprintf(`resp = requests.post(%q, headers={%q: %q}, json=payload)`, url, h, hv)
	case "js", "ts":
		return fmt.Sprintf(`const res = await fetch(%q, { method: "POST", headers: { %q: %q } });`, url, h, hv)
	case "go":
		return fmt.Sprintf(`req, _ := http.NewRequest("POST", %q, body); req.Header.Set(%q, %q)`, url, h, hv)
	case "rb":
		return fmt.Sprintf(`RestClient.post(%q, payload.to_json, { %q => %q })`, url, h, hv)
	case "php":
		return fmt.Sprintf(`$resp = Http::withHeaders(['%s' => '%s'])->post('%s', $payload);`, h, hv, url)
	case "java":
		return fmt.Sprintf(`private final HttpRequest request = HttpRequest.newBuilder(URI.create(%q)).header(%q, %q).build();`, url, h, hv)
	case "cs":
		return fmt.Sprintf(`private readonly HttpRequestMessage _request = new(HttpMethod.Post, %q) { Headers = { { %q, %q } } };`, url, h, hv)
	}
	return fmt.Sprintf(`curl -sS -X POST %q -H "%s: %s" -d @payload.json`, url, h, hv)
}

func (b *builder) logShape(k tokenKind, shape, v string) ([]string, string) {
	g := b.g
	comp := g.pick(logComponents...)
	switch shape {
	case ShapeNameBefore, ShapeGenericKey:
		n := b.nameFor(k, shape)
		return []string{g.pick(
			fmt.Sprintf("DEBUG [config] %s=%s", upperSnake.join(n), v),
			fmt.Sprintf("INFO  [main] loaded settings: %s=%q region=eu-west-1", snake.join(n), v),
			fmt.Sprintf("DEBUG [%s] using %s %s", comp, strings.Join(n, " "), v))}, ""
	case ShapeNameAfter:
		return []string{g.pick(
			fmt.Sprintf("DEBUG [http] %s=%s provider=%s", snake.join(b.key(k)), v, strings.ToLower(k.name)),
			fmt.Sprintf("WARN  [%s] request rejected, token %s (%s)", comp, v, b.mention(k)))}, ""
	case ShapeNameAbove:
		d := b.distance(5)
		out := []string{fmt.Sprintf(g.pick(logAbove...), comp, b.mention(k))}
		for i := 1; i < d; i++ {
			out = append(out, g.pick(neutralLog...))
		}
		return append(out, fmt.Sprintf(`DEBUG [http] request headers: {"Content-Type": "application/json", %q: %q}`, g.pick(headerNames...), v)), fmt.Sprintf("lines-above-%d", d)
	case ShapeURLNearby:
		if g.chance(50) {
			return []string{"DEBUG [http] POST " + k.url, fmt.Sprintf("DEBUG [http] header %s: %s", g.pick(headerNames...), v)}, "url-above-1"
		}
		sep := "?"
		if strings.Contains(k.url, "?") {
			sep = "&"
		}
		return []string{fmt.Sprintf("DEBUG [http] POST %s%sapi_key=%s 200 231ms", k.url, sep, v)}, "url-same-line"
	}
	panic("no log shape " + shape)
}

func (b *builder) mdShape(k tokenKind, shape, v string) (lead, fence string, code []string, detail string) {
	g := b.g
	switch shape {
	case ShapeNameBefore, ShapeGenericKey:
		return "Set the environment before starting the service:", "bash", []string{"export " + upperSnake.join(b.nameFor(k, shape)) + "=" + v, "./bin/server"}, ""
	case ShapeNameAfter:
		return "Local configuration:", "yaml", []string{snake.join(b.key(k)) + ": " + v + "  # " + b.mention(k)}, "trailing-comment"
	case ShapeNameAbove:
		return fmt.Sprintf("The service talks to %s; put the key in `config.yml`:", b.mention(k)), "yaml", []string{"timeout: 30", snake.join(b.key(k)) + ": " + v}, "prose-above"
	case ShapeURLNearby:
		return "Check the key by hand:", "bash", []string{fmt.Sprintf(`curl -X POST %s -H "%s: %s"`, k.url, g.pick(headerNames...), v)}, "url-same-line"
	}
	panic("no markdown shape " + shape)
}

// k8sDeployment writes a Deployment whose container has the env item
// (name, value) among neutral ones: the name is on the line above the value.
func (b *builder) k8sDeployment(svc string, item []*entry) []string {
	g := b.g
	env := []*entry{{children: []*entry{{rawKey: "name", value: "LOG_LEVEL"}, {rawKey: "value", value: "info"}}}}
	if g.chance(50) {
		env = append(env, &entry{children: []*entry{{rawKey: "name", value: "PORT"}, {rawKey: "value", value: "8080"}}})
	}
	env = append(env, &entry{children: item})
	if g.chance(50) {
		env = append(env, &entry{children: []*entry{{rawKey: "name", value: "REGION"}, {rawKey: "value", value: "eu-west-1"}}})
	}
	container := &entry{children: []*entry{{rawKey: "name", value: svc}, {rawKey: "image", value: "registry.acme-corp.net/" + svc + ":1.8.3"}, {rawKey: "env", seq: true, children: env}}}
	tree := []*entry{
		{rawKey: "apiVersion", value: "apps/v1"}, {rawKey: "kind", value: "Deployment"},
		{rawKey: "metadata", children: []*entry{{rawKey: "name", value: svc}}},
		{rawKey: "spec", children: []*entry{{rawKey: "replicas", value: "2"}, {rawKey: "template", children: []*entry{{rawKey: "spec", children: []*entry{{rawKey: "containers", seq: true, children: []*entry{container}}}}}}}},
	}
	return render("yaml", snake, tree)
}

// Shapes of a token with a unique prefix: the value should be found
// wherever it is.
const (
	ShapeGenericKey = "generic-key" // under a key that names no provider
	ShapeBare       = "bare"        // alone: in prose, a log line, a list
	ShapeInURL      = "in-url"      // inside a URL
	ShapeCLIFlag    = "cli-flag"    // a command-line argument
)

var prefixedFormats = []string{"env", "yaml", "json", "toml", "ini", "properties", "xml", "tfvars", "k8s", "helm", "ansible", "compose", "go", "py", "js", "ts", "java", "cs", "php", "rb", "sh", "makefile", "dockerfile", "log", "md"}

func (b *builder) prefixed() {
	for ki, k := range prefixedKinds {
		for i := 0; i < b.n(16); i++ {
			v := k.value(b.g)
			switch i % 5 {
			case 0, 1:
				b.tokenCase(k, ShapeNameBefore, prefixedFormats[(ki*7+i)%len(prefixedFormats)], ClassPrefixed, v)
			case 2:
				k2 := k
				k2.keys = words("token", "api key", "secret", "access token", "key")
				b.tokenCase(k2, ShapeGenericKey, prefixedFormats[(ki*5+i)%len(prefixedFormats)], ClassPrefixed, v)
			case 3:
				b.prefixedText(k, v, g3(i))
			default:
				b.prefixedText(k, v, ShapeCLIFlag)
			}
		}
	}
}

// g3 alternates the text shapes.
func g3(i int) string {
	if i%2 == 0 {
		return ShapeBare
	}
	return ShapeInURL
}

// prefixedText plants a prefixed token in text: a log line, a README,
// a URL, a command line.
func (b *builder) prefixedText(k tokenKind, v, shape string) {
	g := b.g
	dir, svc := b.svc()
	m := mark{value: v, expect: k.provider, class: ClassPrefixed, shape: shape, variant: k.id}
	var lines []string
	format := "log"
	switch shape {
	case ShapeBare:
		if g.chance(50) {
			lines = b.logFile([]string{"WARN  [auth] rejected credential " + v + " for " + g.username()})
		} else {
			format = "md"
			lines = b.mdFile(svc, "The key we use in staging:", "", []string{v})
		}
	case ShapeInURL:
		format = g.pick("sh", "yaml", "log")
		url := fmt.Sprintf("https://%s:%s@git.acme-corp.net/%s/%s.git", g.pick("oauth2", "x-access-token", g.username()), v, g.pick(teams...), svc)
		if g.chance(50) {
			url = fmt.Sprintf("https://api.%s.example.net/v2/export?%s=%s&format=json", strings.ToLower(strings.ReplaceAll(k.name, " ", "")), g.pick("key", "token", "access_token"), v)
		}
		if strings.HasPrefix(v, "https://") {
			url = v // a credential that is a URL is the URL called
		}
		switch format {
		case "sh":
			lines = b.codeFile(langs["sh"], svc, []string{fmt.Sprintf("curl -fsSL %q -o export.json", url)})
		case "yaml":
			lines, _ = b.dataFile("yaml", svc, snake, []*entry{leaf([]string{"source", "url"}, url)}, url)
		default:
			lines = b.logFile([]string{"INFO  [sync] fetching " + url})
		}
	case ShapeCLIFlag:
		format = g.pick("sh", "makefile", "md", "ps1")
		cmd := fmt.Sprintf("%s %s %s", g.pick("./bin/sync", "deployctl push", "npx publish-tool", "release-cli upload"), g.pick("--token", "--api-key", "-t", "--auth"), v)
		switch format {
		case "sh":
			lines = b.codeFile(langs["sh"], svc, []string{cmd})
		case "makefile":
			lines = b.codeFile(langs["makefile"], svc, nil)
			lines = append(lines, "", "release:", "\t"+cmd)
		case "ps1":
			lines = []string{"$ErrorActionPreference = \"Stop\"", "Set-Location $PSScriptRoot", "& " + cmd, "Write-Host \"done\""}
		default:
			lines = b.mdFile(svc, "Release by hand:", "bash", []string{cmd})
		}
	}
	b.add(b.path(dir, svc, format, false), format, lines, []mark{m}, false)
}
