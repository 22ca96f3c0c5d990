package detect_test

import "testing"

// TestXMLKeyElement: a configuration's <key> element under a provider's
// element holds the provider's key; a plist's or a Spring map's <key> names
// the entry whose value follows in its own element, and is no value.
func TestXMLKeyElement(t *testing.T) {
	e := catalogueEngine(t)
	const hex = "2748c9795f2efd6541e53639e312b8c4"
	checkProviderCases(t, e, []providerCase{
		{"conf/context.xml", "<settings>\n  <pepipost>\n    <cache-ttl>300</cache-ttl>\n    <api>\n      <key>" + hex + "</key>\n    </api>\n  </pepipost>\n</settings>\n", "pepipost-api-key"},
		{"App.config", "<beans>\n  <Endpoint>https://api.cloudflare.com/client/v4/zones</Endpoint>\n  <Key>08e9b4f8d5721151300cc562d32984be9b808</Key>\n</beans>\n", "cloudflare-global-api-key-legacy"},
		{"Info.plist", "<dict>\n  <!-- pepipost -->\n  <key>" + hex + "</key>\n  <string>mail</string>\n</dict>\n", ""},
		{"beans.xml", "<map>\n  <entry>\n    <key>" + hex + "</key>\n    <value>pepipost</value>\n  </entry>\n</map>\n", ""},
	})
}

// TestDictionaryEntry: a plist's, a KeePass export's or a Spring map's
// <key> names the value element after it; a name that is no credential's,
// a reference, or an element that is no value's is not read.
func TestDictionaryEntry(t *testing.T) {
	e := catalogueEngine(t)
	const uuid = "5d2c8e1a-6b3f-4a9d-8e7c-0b1a2c3d4e5f"
	cases := []struct{ file, text, rule string }{
		{"Config.plist", "<plist><dict>\n  <key>ApiToken</key>\n  <string>Xk29fjqP0zzLa8s7d6f5g4h3</string>\n</dict></plist>\n", "generic-api-key"},
		{"export.xml", "<Entry>\n<String><Key>Title</Key><Value>Postmark</Value></String>\n<String><Key>Password</Key><Value>" + uuid + "</Value></String>\n</Entry>\n", "postmark-server-token"},
		{"export.xml", "<Entry>\n<String><Key>Title</Key><Value>CRM</Value></String>\n<String><Key>Password</Key><Value>Xk29!fjqP0zzL</Value></String>\n</Entry>\n", "generic-password"},
		{"beans.xml", "<map><entry><key>password</key><value>Xk29!fjqP0zzL</value></entry></map>\n", "generic-password"},
		{"Config.plist", "<dict>\n  <key>MessageId</key>\n  <string>" + uuid + "</string>\n</dict>\n", ""},
		{"Config.plist", "<dict>\n  <key>ApiToken</key>\n  <string>$(API_TOKEN)</string>\n</dict>\n", ""},
		{"App.entitlements", "<dict>\n  <key>keychain-access-groups</key>\n  <array>\n    <string>Xk29fjqP0zzLa8s7d6f5g4h3</string>\n  </array>\n</dict>\n", ""},
	}
	for _, c := range cases {
		var got string
		for _, m := range e.NewScanner().ScanFile(c.file, []byte(c.text)) {
			got = m.Rule.ID
		}
		if got != c.rule {
			t.Errorf("%s: %q found %q, want %q", c.file, c.text, got, c.rule)
		}
	}
}
