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
