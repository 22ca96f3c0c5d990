package corpus

import "strings"

// Tokens without a unique prefix as people hand them over and keep them
// outside code: a chat reply to a request that names the provider, an
// e-mail whose subject names it, a vault's or password manager's export
// (CSV, TSV) and a wiki's table (Markdown, HTML) with the provider in a
// row's cell and the token under a "value" or key column, a KeePass
// export's entry, a plist's <key> and the <string> after it, a
// configuration's <key> element under the provider's, and a secret
// store's command line that names the secret and takes the value in an
// option. Each layout has decoys of its own form: the same request
// answered with an identifier named as one, or the provider's row holding
// something else of the provider's.

// DecoyHandover is a decoy written in one of the layouts of handoverCases.
const DecoyHandover = "handover"

// handoverCases use awayCase's fields. In tmpl and decoy, {v} is the
// token and {d} a value of its shape; {Name} is the vendor as prose writes
// it, {label} the vendor and the token's kind (Postmark server token);
// {name} and {NAME} its section word, {ENV} that word and a key as an
// environment variable's name (POSTMARK_SERVER_TOKEN), {kebab} the key
// in kebab case, {Name_} and {KeyP} the section word and the key in
// Pascal case.
var handoverCases = []awayCase{
	{"chat-reply", "txt", "notes/chat.txt", "[10:02] alice: can you send me the {label}?\n[10:03] bob: sure: {v}\n[10:04] alice: thanks!",
		"[10:02] alice: can you send me the {label}?\n[10:03] bob: it is in the vault; the failing request id was {d}\n[10:04] alice: thanks!"},
	{"chat-reply", "log", "irc/ops.log", "<alice> where is the {label}?\n<bob> {v}\n<alice> got it",
		"<alice> what was the {Name} message id of that bounce?\n<bob> {d}\n<alice> got it"},
	{"chat-reply", "txt", "notes/slack-export.txt", "alice  10:02 AM\n{label} please\nbob  10:03 AM\nhere it is: `{v}`",
		"alice  10:02 AM\n{label} please\nbob  10:03 AM\nrotated it, see ticket `{d}`"},
	{"chat-reply", "txt", "notes/teams-chat.txt", "[5/14 10:02] Alice: Could you DM me the {label}\n[5/14 10:03] Bob: {v}",
		"[5/14 10:02] Alice: I rotated the {label} this morning\n[5/14 10:03] Bob: {d}"},
	{"mail-reply", "eml", "mail/handover.eml", "From: bob@acme-corp.net\nTo: alice@acme-corp.net\nSubject: {label}\n\nHi Alice,\n\nhere you go: {v}\n\nCheers,\nBob",
		"From: bob@acme-corp.net\nTo: alice@acme-corp.net\nSubject: {label}\n\nHi Alice,\n\nthe key is in the vault now; the bounced message was {d}.\n\nCheers,\nBob"},
	{"vault-export", "csv", "exports/vault.csv", "name,value,notes\ngrafana,see the wiki,\n{label},{v},production",
		"name,value,notes\n{Name} message id,{d},last bounce"},
	{"vault-export", "tsv", "exports/secrets.tsv", "name\tvalue\n{label}\t{v}",
		"name\tvalue\n{Name} webhook\t{d}"},
	{"wiki-table", "md", "docs/access.md", "## Access\n\n| Name | Value | Notes |\n| --- | --- | --- |\n| Grafana | ask in #ops | |\n| {label} | `{v}` | production |",
		"## Access\n\n| Name | Value | Notes |\n| --- | --- | --- |\n| {Name} template | `{d}` | welcome mail |"},
	{"wiki-table", "html", "docs/export/access.html", "<table>\n  <tr><th><p>Service</p></th><th><p>Owner</p></th><th><p>Key</p></th></tr>\n  <tr><td><p>Grafana</p></td><td><p>ops</p></td><td><p>ask in #ops</p></td></tr>\n  <tr><td><p>{label}</p></td><td><p>mail team</p></td><td><p><code>{v}</code></p></td></tr>\n</table>",
		"<table>\n  <tr><th><p>Service</p></th><th><p>Owner</p></th><th><p>Template</p></th></tr>\n  <tr><td><p>{Name}</p></td><td><p>mail team</p></td><td><p><code>{d}</code></p></td></tr>\n</table>"},
	{"vault-export", "xml", "exports/keepass.xml", "<KeePassFile>\n  <Root>\n    <Group>\n      <Entry>\n        <String><Key>Title</Key><Value>{label}</Value></String>\n        <String><Key>UserName</Key><Value>ops@acme-corp.net</Value></String>\n        <String><Key>Password</Key><Value>{v}</Value></String>\n      </Entry>\n    </Group>\n  </Root>\n</KeePassFile>",
		"<KeePassFile>\n  <Root>\n    <Group>\n      <Entry>\n        <String><Key>Title</Key><Value>{Name} templates</Value></String>\n        <String><Key>TemplateId</Key><Value>{d}</Value></String>\n      </Entry>\n    </Group>\n  </Root>\n</KeePassFile>"},
	{"plist-entry", "plist", "ios/App/Config.plist", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<plist version=\"1.0\">\n<dict>\n  <key>{Name_}{KeyP}</key>\n  <string>{v}</string>\n</dict>\n</plist>",
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<plist version=\"1.0\">\n<dict>\n  <key>{Name_}MessageId</key>\n  <string>{d}</string>\n</dict>\n</plist>"},
	{"xml-key-element", "xml", "conf/context.xml", "<settings>\n  <{name}>\n    <timeout>30</timeout>\n    <api>\n      <key>{v}</key>\n    </api>\n  </{name}>\n</settings>",
		"<settings>\n  <{name}>\n    <timeout>30</timeout>\n    <template>\n      <id>{d}</id>\n    </template>\n  </{name}>\n</settings>"},
	{"store-command", "sh", "scripts/secrets.sh", "#!/bin/sh\nset -eu\ngh secret set {ENV} --body {v}",
		"#!/bin/sh\nset -eu\ngh variable set {NAME}_TEMPLATE_ID --body {d}"},
	{"store-command", "sh", "scripts/params.sh", "#!/bin/sh\naws ssm put-parameter --name /prod/{name}/{kebab} --value {v} --type SecureString --overwrite",
		"#!/bin/sh\naws ssm put-parameter --name /prod/{name}/template-id --value {d} --type String --overwrite"},
}

// plantHandoverShapes plants every handover layout for a few kinds, and as
// many decoys.
func (b *builder) plantHandoverShapes() {
	for ci, c := range handoverCases {
		for i := 0; i < b.n(6); i++ {
			g := b.g
			k := unprefixedKinds[(ci*5+i)%len(unprefixedKinds)]
			v := k.value(g)
			key := b.key(k)
			label := b.mention(k) + " " + strings.Join(key, " ")
			text, marks := b.companions(b.awayFill(c.tmpl, c.format, k, key, label, v, ""))
			m := mark{value: v, expect: k.provider, class: ClassUnprefixed, shape: "handover-" + c.shape, variant: k.id + "/" + c.format}
			b.plantRaw(c.format, c.path, strings.Split(text, "\n"), append([]mark{m}, marks...)...)

			d := k.value(g)
			text, marks = b.companions(b.awayFill(c.decoy, c.format, k, key, label, "", d))
			b.plantRaw(c.format, c.path, strings.Split(text, "\n"), append([]mark{decoyMark(d, DecoyHandover, c.shape+"/"+k.id, k.provider)}, marks...)...)
		}
	}
}
