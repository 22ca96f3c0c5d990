package source

import (
	"strings"
	"testing"
)

// TestPickleStringsAreRead: in a protocol 0 pickle a string follows its
// opcode letter with nothing between (Vghp_...), so no pattern's \b
// holds: its strings are read out, one a line, wherever an opcode puts
// them, in the pickles Python writes (bytes as pickle.dumps(obj,
// protocol=0) gives them, and pickletools.optimize's, without memo).
func TestPickleStringsAreRead(t *testing.T) {
	const token = "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"
	for _, pickle := range []string{
		"(dp0\nVtoken\np1\nV" + token + "\np2\ns.",
		"(dVtoken\nV" + token + "\ns.",
		"(dp0\nVn\np1\n(lp2\nI1\naF2.5\naNaV" + token + "\np3\nas.",
		"ccopy_reg\n_reconstructor\np0\n(c__main__\nC\np1\nc__builtin__\nobject\np2\nNtp3\nRp4\n(dp5\nVtok\np6\nV" + token + "\np7\nsb.",
		"(dp1\nS'token'\np2\nS'" + token + "'\np3\ns.",
	} {
		got, rep := expandAll(t, &Expander{MaxDepth: 4}, Unit{Path: "cache.pkl", Data: []byte(pickle)})
		// A line of its own, quoted as S writes it or not.
		strs := "\n" + got["cache.pkl!(pickle strings)"]
		if !strings.Contains(strs, "\n"+token+"\n") && !strings.Contains(strs, "\n'"+token+"'\n") || len(rep.notices) > 0 {
			t.Errorf("%q: strings %q %+v", pickle, got["cache.pkl!(pickle strings)"], rep.notices)
		}
	}
	// Text that starts as a pickle may but goes on otherwise is none.
	for _, text := range []string{"(see below)\nVersion 2\nnotes follow\n", "c\nx\nthe rest of a file\n"} {
		if got, _ := expandAll(t, &Expander{MaxDepth: 4}, Unit{Path: "notes.txt", Data: []byte(text)}); len(got) != 1 {
			t.Errorf("%q: read as a pickle: %v", text, keysOfText(got))
		}
	}
}
