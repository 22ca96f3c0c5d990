package detect

import "testing"

// TestOpensList: the words that open a list literal read the codes after
// them (an array of arrays too) and look for no list around; the
// conversions look around, for the list they take in a loop.
func TestOpensList(t *testing.T) {
	for w, want := range map[string]bool{"[]byte{": true, "] = {": true, "]={": true, "bytes([": true, "bytearray([": true,
		"chr(": false, "fromcharcode(": false, "join([": false, "map(chr,": false} {
		if got := opensList([]byte(w)); got != want {
			t.Errorf("%q opens a list: %v, want %v", w, got, want)
		}
	}
	codes := "103, 104, 112, 95, 73, 113, 73, 77, 78, 79, 90, 72, 54, 122"
	var v escapedView
	// at is where the word ends: after []byte{ and its brace.
	if !charCodesAt([]byte("{"+codes+"}"), 1, 0, true, &v) || string(v.decoded) != "ghp_IqIMNOZH6z" {
		t.Errorf("a list after its opening word: %q", v.decoded)
	}
	if !charCodesAt([]byte("{{"+codes+"}}"), 1, 0, true, &v) || string(v.decoded) != "ghp_IqIMNOZH6z" {
		t.Errorf("an array of arrays: %q", v.decoded)
	}
	elsewhere := []byte("x = 1\nlist = [" + codes + "]\n")
	if charCodesAt(elsewhere, 0, 0, true, &v) {
		t.Error("a list literal's word looked around for another list")
	}
	if !charCodesAt(elsewhere, 0, 0, false, &v) {
		t.Error("a conversion did not find the list it takes")
	}
}
