package rule

import (
	"crypto/sha256"
	"encoding/hex"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/cosmos/go-bip39"
)

// TestBIP39Checksum: phrases made from random entropy pass at every
// length the standard allows, one changed word fails, and on random word
// sequences the check agrees with the reference implementation's.
func TestBIP39Checksum(t *testing.T) {
	rng := rand.New(rand.NewPCG(39, 39))
	for _, bits := range []int{128, 160, 192, 224, 256} {
		for range 50 {
			entropy := make([]byte, bits/8)
			for i := range entropy {
				entropy[i] = byte(rng.UintN(256))
			}
			phrase, err := bip39.NewMnemonic(entropy)
			if err != nil {
				t.Fatal(err)
			}
			if !bip39Mnemonic([]byte(phrase)) {
				t.Fatalf("a valid %d-word phrase was rejected: %s", bits*3/32, phrase)
			}
			// Any one changed word breaks the checksum or the entropy it
			// covers; the checksum catches all but 1 in 2^(bits/32).
			words := strings.Fields(phrase)
			words[0] = bip39.WordList[(bip39.ReverseWordMap[words[0]]+1)%2048]
			_, refErr := bip39.MnemonicToByteArray(strings.Join(words, " "))
			if got := bip39Mnemonic([]byte(strings.Join(words, " "))); got != (refErr == nil) {
				t.Fatalf("a changed phrase: %v, the reference says %v", got, refErr)
			}
		}
	}
	agree, passed := 0, 0
	for range 4000 {
		n := []int{12, 15, 18, 21, 24}[rng.IntN(5)]
		words := make([]string, n)
		for i := range words {
			words[i] = bip39.WordList[rng.IntN(2048)]
		}
		phrase := strings.Join(words, " ")
		_, refErr := bip39.MnemonicToByteArray(phrase)
		got := bip39Mnemonic([]byte(phrase))
		if got != (refErr == nil) {
			t.Fatalf("%q: %v, the reference says %v", phrase, got, refErr)
		}
		agree++
		if got {
			passed++
		}
	}
	// About one random phrase in 16 to 256 passes: the check is not
	// accepting everything.
	if passed == 0 || passed > agree/8 {
		t.Fatalf("%d of %d random phrases passed", passed, agree)
	}
	for _, public := range []string{
		"abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about",
		"test test test test test test test test test test test junk",
		"legal winner thank year wave sausage worth useful legal winner thank yellow",
		"candy maple cake sugar pudding cream honey rich smooth crumble sweet treat",
	} {
		if bip39Mnemonic([]byte(public)) {
			t.Errorf("a public phrase passed: %s", public)
		}
	}
	for _, bad := range []string{"", "abandon", strings.Repeat("zoo ", 13), "Legal winner thank year wave sausage worth useful legal winner thank yellow"} {
		if bip39Mnemonic([]byte(bad)) {
			t.Errorf("%q passed", bad)
		}
	}
}

// TestBIP39WordListIsTheStandards: the embedded list is the BIP's own
// (its published SHA-256) and the reference library's, word for word.
func TestBIP39WordListIsTheStandards(t *testing.T) {
	if sum := sha256.Sum256([]byte(bip39English)); hex.EncodeToString(sum[:]) != "2f5eed53a4727b4bf8880d8f3f199efc90e58503646d9ff8eff3a2ed3b24dbda" {
		t.Fatalf("the word list's SHA-256 is %x", sum)
	}
	index := bip39Index()
	if len(index) != 2048 || len(bip39.WordList) != 2048 {
		t.Fatalf("%d words here, %d in the library", len(index), len(bip39.WordList))
	}
	for i, w := range bip39.WordList {
		if index[w] != i {
			t.Fatalf("%q: index %d here, %d in the library", w, index[w], i)
		}
	}
}
