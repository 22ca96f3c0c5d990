package rule

import (
	"crypto/sha256"
	_ "embed"
	"strings"
	"sync"
)

// bip39English is the standard's English word list (bip-0039/english.txt,
// whose SHA-256 the BIP gives as 2f5eed53...dbda; a test checks it).
//
//go:embed bip39-english.txt
var bip39English string

// bip39Index maps each word to its 11-bit index, built when a phrase is
// first checked: a library building it at every start cost a pre-commit
// scan 1% of its instructions.
var bip39Index = sync.OnceValue(func() map[string]int {
	words := strings.Fields(bip39English)
	index := make(map[string]int, len(words))
	for i, w := range words {
		index[w] = i
	}
	return index
})

// bip39Mnemonic checks a wallet's recovery phrase as BIP-0039 defines it
// (github.com/bitcoin/bips, bip-0039.mediawiki): 12, 15, 18, 21 or 24
// words of the standard's English list, whose 11-bit indexes spell the
// entropy followed by the first len/32 bits of its SHA-256. Random words
// pass that check once in 16 (12 words) to once in 256 (24 words). The
// phrases every wallet tool's docs and test networks print (abandon ...
// about, test ... junk, Ganache's defaults) are known to all and rejected,
// as is any phrase made mostly of one word.
func bip39Mnemonic(secret []byte) bool {
	words := strings.Fields(string(secret))
	n := len(words)
	if n < 12 || n > 24 || n%3 != 0 || publicMnemonic(words) {
		return false
	}
	bits := make([]byte, 0, n*11)
	index := bip39Index()
	for _, w := range words {
		idx, ok := index[w]
		if !ok {
			return false
		}
		for b := 10; b >= 0; b-- {
			bits = append(bits, byte(idx>>b)&1)
		}
	}
	checksumBits := n * 11 / 33
	entropy := make([]byte, (n*11-checksumBits)/8)
	for i := range entropy {
		for _, b := range bits[i*8 : i*8+8] {
			entropy[i] = entropy[i]<<1 | b
		}
	}
	sum := sha256.Sum256(entropy)
	for i, b := range bits[len(entropy)*8:] {
		if sum[i/8]>>(7-i%8)&1 != b {
			return false
		}
	}
	return true
}

// publicMnemonics are recovery phrases printed in tools' documentation
// and used as development defaults (Hardhat, Ganache, the BIP's own test
// vectors): funds there are anyone's.
var publicMnemonics = map[string]bool{
	"candy maple cake sugar pudding cream honey rich smooth crumble sweet treat":      true,
	"myth like bonus scare over problem client lizard pioneer submit female collect":  true,
	"legal winner thank year wave sausage worth useful legal winner thank yellow":     true,
	"letter advice cage absurd amount doctor acoustic avoid letter advice cage above": true,
}

// publicMnemonic reports a phrase known to everyone, or one mostly made
// of a single repeated word (abandon x11 about, test x11 junk, zoo x11
// wrong: the test vectors and placeholders).
func publicMnemonic(words []string) bool {
	if publicMnemonics[strings.Join(words, " ")] {
		return true
	}
	count := map[string]int{}
	for _, w := range words {
		if count[w]++; count[w]*2 > len(words) {
			return true
		}
	}
	return false
}
