package detect_test

import "testing"

// TestReplyToRequest: a chat message or an e-mail that asks for a
// provider's credential, and the reply below that hands it over, is that
// provider's credential when the value has the exact shape of one of its
// rules. A reply that names the value as something else, a request that
// names no provider, or a statement that asks for nothing is not read.
func TestReplyToRequest(t *testing.T) {
	e := catalogueEngine(t)
	const uuid = "5d2c8e1a-6b3f-4a9d-8e7c-0b1a2c3d4e5f"
	const hex = "2748c9795f2efd6541e53639e312b8c4"
	checkProviderCases(t, e, []providerCase{
		{"chat.txt", "[10:02] alice: can you send me the postmark key?\n[10:03] bob: sure: " + uuid + "\n", "postmark-server-token"},
		{"irc.log", "<alice> where is the pepipost api key?\n<bob> " + hex + "\n", "pepipost-api-key"},
		{"slack.txt", "alice  10:02 AM\npostmark token please\nbob  10:03 AM\nhere it is: `" + uuid + "`\n", "postmark-server-token"},
		{"reply.eml", "From: ops@acme-corp.net\nSubject: Pepipost API key\n\nHi,\n\nhere you go: " + hex + "\n\nCheers\n", "pepipost-api-key"},
		{"reply.eml", "Subject: Re: Pepipost access\n\n> Could you share the API key?\n\nSure, here you go: " + hex + "\n", "pepipost-api-key"},
		{"teams.txt", "[5/14 10:02] Alice: Could you DM me the Pepipost key\n[5/14 10:03] Bob: " + hex + "\n", "pepipost-api-key"},
		{"chat.txt", "alice: what's our postmark token again\nbob: " + uuid + "\n", "postmark-server-token"},
		{"chat.txt", "alice: can you send me the postmark key?\nbob: `" + uuid + "` (prod)\n", "postmark-server-token"},
		{"chat.txt", "alice: can you send me the postmark key?\nbob: ```" + uuid + "```\n", "postmark-server-token"},
		// The reply names the value as something else.
		{"chat.txt", "alice: can you send me the postmark key?\nbob: it is in the vault, request id: " + uuid + "\n", ""},
		{"chat.txt", "alice: can you send me the postmark key?\nbob: id: " + uuid + "\n", ""},
		// No provider named with the request; no request.
		{"chat.txt", "alice: can you send me the key?\nbob: sure: " + uuid + "\n", ""},
		{"notes.txt", "We rotated the postmark key yesterday.\nsure: " + uuid + "\n", ""},
		{"notes.txt", "alice: rotated the postmark key\nbob: " + uuid + "\n", ""},
		// Too far below the request.
		{"chat.txt", "alice: postmark key?\nbob: one sec\nbob: looking\nbob: still looking\nbob: " + uuid + "\n", ""},
	})
}
