package detect_test

import "testing"

// TestRecordedTrafficIsNoTestData: a VCR cassette or an HTTP archive
// records what a test once sent to the real service, so its credentials
// keep their confidence although the file sits in a test folder; the same
// content as a test fixture is lowered as test data is.
func TestRecordedTrafficIsNoTestData(t *testing.T) {
	cassette := "---\nhttp_interactions:\n- request:\n    method: get\n    uri: https://owner-api.example.com/api/1/vehicles\n" +
		"    headers:\n      Authorization:\n      - Bearer 7f3a9c21e5d84b6f0a1c2e3d4b5f6a7980c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5\n  response:\n    status:\n      code: 200\n"
	har := `{"log":{"entries":[{"request":{"headers":[{"name":"X-Api-Key","value":"kq8Zr2Lm4Pw9Xc7Vb3Nh6Jt1Fd5Sg0Ay"}]}}]}}` + "\n"
	runContextCases(t, []contextCase{
		{"vcr cassette", "spec/cassettes/vehicles.yml", cassette, "generic-api-key", "high", ""},
		{"vcrpy cassette", "tests/unit/vcr_cassettes/test_vehicles.yaml", cassette, "generic-api-key", "high", ""},
		{"http archive in a test folder", "test/fixtures/session.har", har, "generic-api-key", "medium", ""},
		{"the same as a fixture", "spec/fixtures/vehicles.yml", cassette, "generic-api-key", "low", ""},
	})
}
