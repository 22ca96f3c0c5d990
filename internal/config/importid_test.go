package config

import "testing"

// TestImportID: a tool's rule name becomes an id under the tool's prefix,
// once, and a clash takes the next free number.
func TestImportID(t *testing.T) {
	taken := map[string]bool{"kingfisher-aws-key": true, "kingfisher-aws-key-2": true}
	has := func(id string) bool { return taken[id] }
	for _, tc := range []struct{ prefix, name, want string }{
		{"kingfisher", "kingfisher.aws.key", "kingfisher-aws-key-3"},
		{"kingfisher", "Some Vendor_Token", "kingfisher-some-vendor-token"},
		{"trufflehog", "  ", "trufflehog-rule"},
		{"trufflehog", "TruffleHog", "trufflehog-rule"},
	} {
		if got := ImportID(tc.prefix, tc.name, "rule", has); got != tc.want {
			t.Errorf("ImportID(%q, %q) = %q, want %q", tc.prefix, tc.name, got, tc.want)
		}
	}
}
