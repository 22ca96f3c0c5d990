package detect

import "testing"

func TestRandomLetters(t *testing.T) {
	for v, want := range map[string]bool{
		// Generated and keyboard-typed secrets with no digit.
		"kQwIOrYvnXmSDkwEiFngrKidMcdrgKor": true,
		"asdasdasifhueuiwyurfewbfjsdafjk":  true,
		"JfdDSgfCmPsDfmsAaQwnXkRtqWz":      true,
		"ASDVAJSDUASZGDIADBJS":             true,
		"SkdPrrGabluqShbTiXnBshTldf":       true,
		"LBTCPCPYEUICCLSKHTUGSCFUZRBE":     true,
		"hgqTNTraSNAjNNOojFwuMniGP":        true,
		// Words, names and placeholders.
		"YOURSECRETKEYGOESHERE":          false,
		"ChangeMeChangeMeChangeMe":       false,
		"getSecretKeyFromEnvironment":    false,
		"somehardcodedencryptionsecret":  false,
		"kSecAttrAccessibleWhenUnlocked": false,
		"abcdefghijklmnopqrstuvwxyz":     false,
		"backquoteconversionhandler":     false,
		"strengthsoftwelfthsanniversary": false,
		"qwertyuiopasdfghjklzxcvbnm":     false, // keyboard rows in order
		"zxcvbnmasdfghjklqwertyuiop":     false,
		"JfdDSgfCmPsDfms":                false, // too short
		"kQwIOrYvnXmSDkwEiFngrKidMcdrg1": false, // a digit: read as before
	} {
		if got := randomLetters([]byte(v)); got != want {
			t.Errorf("randomLetters(%q) = %v, want %v", v, got, want)
		}
	}
}
