package detect_test

import (
	"os"
	"testing"
)

func TestProbeSoup(t *testing.T) {
	data, err := os.ReadFile("/tmp/h/soup1m.txt")
	if err != nil {
		t.Skip()
	}
	s := catalogueEngine(t).NewScanner()
	s.ScanFile("soup.txt", data[:300000])
}
