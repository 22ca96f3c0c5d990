package filecache

import (
	"encoding/binary"
	"hash/crc32"
)

// castagnoli is the CRC-32C table, computed in hardware where it can be.
var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// Seal appends b's CRC-32C to it, so that a cached file read back can
// tell it is whole and undamaged (Unseal).
func Seal(b []byte) []byte {
	return binary.LittleEndian.AppendUint32(b, crc32.Checksum(b, castagnoli))
}

// Unseal returns what Seal was given, when b ends with its CRC-32C.
func Unseal(b []byte) ([]byte, bool) {
	if len(b) < 4 {
		return nil, false
	}
	body := b[:len(b)-4]
	return body, crc32.Checksum(body, castagnoli) == binary.LittleEndian.Uint32(b[len(body):])
}
