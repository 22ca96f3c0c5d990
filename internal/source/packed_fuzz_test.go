package source

import (
	"compress/flate"
	"testing"

	"github.com/leakhound/leakhound/internal/testutil"
)

// FuzzPackedFormats expands the formats read by their own structure
// (Firefox's LZ4, RPM packages, LevelDB and RocksDB tables, Avro and Parquet files, pickles, compiled Python, registry exports, raw
// DEFLATE, EBCDIC text, gzip inside binary content), cut and changed anywhere: no panic, no unit
// over a piece, the heap bounded (checkExpand).
func FuzzPackedFormats(f *testing.F) {
	text := string(plantedText)
	seeds(f, mozLZ4File(f, text, uint32(len(text))))
	pkg, _ := rpmPackage(f, "#!/bin/sh\n", map[string]string{"a.env": text})
	seeds(f, pkg)
	seeds(f, leveldbTableFile(f, "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", text))
	seeds(f, []byte("(dp0\nVtoken\np1\nV"+text+"\np2\ns."))
	seeds(f, []byte("\xa7\r\r\n\x00\x00\x00\x00eI\x0ek/\x00\x00\x00\xe3)\x02\xda\x19"+text+"N)\x01\xda\x01T"))
	codecs := avroCodecs(f)
	seeds(f, avroContainer("deflate", []string{text, text}, 1, codecs["deflate"]))
	seeds(f, avroContainer("snappy", []string{text}, 1, codecs["snappy"]))
	for _, name := range []string{"snappy-v1.parquet", "zstd-v2.parquet"} {
		seeds(f, parquetFixture(f, name))
	}
	for _, name := range []string{"zstd.sst", "lz4.sst", "zlib.sst", "blocks.sst"} {
		seeds(f, rocksdbFixture(f, name))
	}
	seeds(f, []byte("Windows Registry Editor Version 5.00\r\n\r\n[HKEY_CURRENT_USER\\A]\r\n\"T\"=hex(2):41,00,42,\\\r\n  00,00,00\r\n"))
	seeds(f, testutil.Deflate(f, flate.BestCompression, plantedText))
	seeds(f, []byte("\xc7\xc9\xe3\xc8\xe4\xc2\x6d\xe3\xd6\xd2\xc5\xd5\x7e\x81\x82\x83\xf1\xf2\xf3\x15"))
	seeds(f, append([]byte("\x00\x01capture\x00"), testutil.Gzip(f, "", plantedText)...))
	f.Fuzz(func(t *testing.T, data []byte) {
		checkExpand(t, "packed.bin", data, "")
	})
}
