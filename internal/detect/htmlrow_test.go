package detect_test

import "testing"

// TestProviderHTMLRow: a wiki's HTML table names the provider in a row's
// cell and holds its key in another: beside it in a row of two cells, or
// under a header cell named for a value or a key. A cell under another
// header, or a row naming something else of the provider's, is not read.
func TestProviderHTMLRow(t *testing.T) {
	e := catalogueEngine(t)
	const uuid = "5d2c8e1a-6b3f-4a9d-8e7c-0b1a2c3d4e5f"
	const hex = "2748c9795f2efd6541e53639e312b8c4"
	checkProviderCases(t, e, []providerCase{
		{"access.html", "<table>\n<tr><td>Postmark</td><td>" + uuid + "</td></tr>\n</table>\n", "postmark-server-token"},
		{"export.html", "<table><tbody>\n<tr><th><p>Service</p></th><th><p>Owner</p></th><th><p>API key</p></th></tr>\n" +
			"<tr><td><p>Pepipost</p></td><td><p>ops</p></td><td><p><code>" + hex + "</code></p></td></tr>\n</tbody></table>\n", "pepipost-api-key"},
		{"export.html", "<table>\n<tr><th>Service</th><th>Template</th><th>Notes</th></tr>\n" +
			"<tr><td>Postmark</td><td>" + uuid + "</td><td>welcome</td></tr>\n</table>\n", ""},
		{"access.html", "<table>\n<tr><td>Postmark webhook</td><td>" + uuid + "</td></tr>\n</table>\n", ""},
	})
}
