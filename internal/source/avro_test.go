package source

import (
	"bytes"
	"compress/flate"
	"encoding/binary"
	"hash/crc32"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/klauspost/compress/snappy"
	"github.com/klauspost/compress/zstd"
	"github.com/ulikunitz/xz"

	"github.com/leakhound/leakhound/internal/testutil"
)

// avroContainer writes an Avro object container file of one string
// field per record, in blocks of perBlock records, each block's data
// compressed by compress, with codec named in the header (the Avro
// specification's "Object Container Files").
func avroContainer(codec string, records []string, perBlock int, compress func([]byte) []byte) []byte {
	str := func(b []byte, s string) []byte { return append(binary.AppendVarint(b, int64(len(s))), s...) }
	sync := "0123456789abcdef"
	out := []byte(avroMagic)
	out = binary.AppendVarint(out, 2)
	out = str(str(out, "avro.schema"), `{"type":"record","name":"R","fields":[{"name":"v","type":"string"}]}`)
	out = str(str(out, "avro.codec"), codec)
	out = append(binary.AppendVarint(out, 0), sync...)
	for len(records) > 0 {
		n := min(perBlock, len(records))
		var block []byte
		for _, r := range records[:n] {
			block = str(block, r)
		}
		data := compress(block)
		out = binary.AppendVarint(binary.AppendVarint(out, int64(n)), int64(len(data)))
		out = append(append(out, data...), sync...)
		records = records[n:]
	}
	return out
}

// avroCodecs compress a block as each codec the reader opens writes it.
func avroCodecs(t testing.TB) map[string]func([]byte) []byte {
	return map[string]func([]byte) []byte{
		"null":    func(b []byte) []byte { return b },
		"deflate": func(b []byte) []byte { return testutil.Deflate(t, flate.BestCompression, b) },
		"snappy": func(b []byte) []byte {
			return binary.BigEndian.AppendUint32(snappy.Encode(nil, b), crc32.ChecksumIEEE(b))
		},
		"zstandard": func(b []byte) []byte {
			e, err := zstd.NewWriter(nil)
			if err != nil {
				t.Fatal(err)
			}
			defer e.Close()
			return e.EncodeAll(b, nil)
		},
		"xz": func(b []byte) []byte { return testutil.XZ(t, xz.WriterConfig{}, b) },
	}
}

// TestAvroBlocksAreRead: a record of an Avro file whose blocks are
// compressed is in no run of the file: the blocks are decompressed, with
// each codec, and scanned, every block.
func TestAvroBlocksAreRead(t *testing.T) {
	// Two tokens: Snappy, which keeps most bytes as they are, copies the
	// second's prefix ({"token":"ghp_) from the first.
	const first, token = "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", "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"
	var records []string
	for i := range 50 {
		records = append(records, strings.Repeat("event of a user session, ", 8)+string(rune('a'+i%26)))
	}
	records[42] = `{"token":"` + first + `"} ` + records[41] + `{"token":"` + token + `"}`
	for codec, compress := range avroCodecs(t) {
		data := avroContainer(codec, records, 16, compress)
		if codec != "null" && bytes.Contains(data, []byte(token)) {
			t.Fatalf("%s: the file holds the token as it is", codec)
		}
		got, rep := expandAll(t, &Expander{MaxDepth: 4}, Unit{Path: "events.avro", Data: data})
		if !strings.Contains(got["events.avro!(avro blocks)"], records[42]) || len(rep.notices) > 0 {
			t.Errorf("%s: blocks not read: %v %+v", codec, keysOfText(got), rep.notices)
		}
	}
	// bzip2, which Go does not write: a stream bzip2(1) wrote.
	bz, err := os.ReadFile(filepath.Join("testdata", "planted.txt.bz2"))
	if err != nil {
		t.Fatal(err)
	}
	data := avroContainer("bzip2", []string{"x"}, 1, func([]byte) []byte { return bz })
	if got, rep := expandAll(t, &Expander{MaxDepth: 4}, Unit{Path: "b.avro", Data: data}); !strings.Contains(got["b.avro!(avro blocks)"], string(plantedText)) {
		t.Errorf("bzip2: blocks not read: %v %+v", keysOfText(got), rep.notices)
	}
}

// TestAvroNotReadIsNamed: an Avro file whose blocks cannot be read (a
// codec not opened, a sync marker that differs, a block cut short, one
// that decompresses past the size limit) is named, not silently clean.
func TestAvroNotReadIsNamed(t *testing.T) {
	codecs := avroCodecs(t)
	records := []string{strings.Repeat("a record ", 20), strings.Repeat("another ", 20)}
	good := avroContainer("deflate", records, 1, codecs["deflate"])
	badSync := bytes.Clone(good)
	badSync[len(badSync)-1] ^= 1
	bomb := avroContainer("deflate", []string{strings.Repeat("z", 4<<20)}, 1, codecs["deflate"])
	for name, data := range map[string][]byte{
		"lzo.avro":  avroContainer("lzo", records, 1, codecs["null"]),
		"sync.avro": badSync,
		"cut.avro":  good[:len(good)-30],
		"bomb.avro": bomb,
	} {
		_, rep := expandAll(t, &Expander{MaxDepth: 4, MaxMemberSize: 1 << 20}, Unit{Path: name, Data: data})
		named := false
		for _, n := range rep.notices {
			named = named || n.Incomplete && strings.HasPrefix(n.Path, name)
		}
		if !named {
			t.Errorf("%s: notices %+v", name, rep.notices)
		}
	}
}
