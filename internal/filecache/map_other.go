//go:build !unix

package filecache

import "os"

// mapFile reads path whole where mapping is not available.
func mapFile(path string) ([]byte, func(), error) {
	data, err := os.ReadFile(path)
	return data, func() {}, err
}
