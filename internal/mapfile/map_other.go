//go:build !unix

package mapfile

import "os"

// Map reads path whole where mapping is not available.
func Map(path string) ([]byte, func(), error) {
	data, err := os.ReadFile(path)
	return data, func() {}, err
}
