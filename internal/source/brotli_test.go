package source

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/andybalholm/brotli"
)

func brotliCompress(t testing.TB, data []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := brotli.NewWriterLevel(&buf, brotli.BestCompression)
	if _, err := w.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestBrotliFilesAreRead: a .br file, which has no magic number, is
// decompressed when it decodes as Brotli; text that happens to be named
// .br is scanned as it is; a stream that breaks past its head is named.
// (One that breaks within its head is scanned as bytes, as it was before:
// it cannot be told from text named .br.)
func TestBrotliFilesAreRead(t *testing.T) {
	js := []byte(`const cfg = {token: "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"};` + "\n")
	got, rep := expandAll(t, &Expander{MaxDepth: 4}, Unit{Path: "dist/app.js.br", Data: brotliCompress(t, js)})
	if got["dist/app.js.br!app.js"] != string(js) || len(rep.notices) > 0 {
		t.Errorf("not decompressed: %v %+v", keysOfText(got), rep.notices)
	}
	conf := "server_name example.com.br;\n"
	if got, _ := expandAll(t, &Expander{MaxDepth: 4}, Unit{Path: "sites/example.com.br", Data: []byte(conf)}); got["sites/example.com.br"] != conf {
		t.Errorf("text named .br: %v", keysOfText(got))
	}
	// Longer than the head the trial decodes, so the break is met while
	// the member is read.
	var text bytes.Buffer
	for i := range 8000 {
		fmt.Fprintf(&text, "line %d of a log, %x\n", i, i*2654435761)
	}
	big := brotliCompress(t, text.Bytes())
	if len(big) <= sniffLen {
		t.Fatalf("%d bytes compressed: within the head", len(big))
	}
	big = append(big[:len(big)-16], bytes.Repeat([]byte{0xff}, 16)...)
	_, rep = expandAll(t, &Expander{MaxDepth: 4}, Unit{Path: "big.txt.br", Data: big})
	named := false
	for _, n := range rep.notices {
		named = named || n.Incomplete && strings.HasPrefix(n.Path, "big.txt.br")
	}
	if !named {
		t.Errorf("a damaged stream: notices %+v", rep.notices)
	}
}

// FuzzBrotli: whatever a .br file holds, the expander keeps the heap and
// the units it hands on bounded (checkExpand).
func FuzzBrotli(f *testing.F) {
	f.Add(brotliCompress(f, plantedText))
	f.Add([]byte("server_name example.com.br;\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		checkExpand(t, "packed.br", data, "")
	})
}
