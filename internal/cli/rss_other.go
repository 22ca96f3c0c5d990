//go:build !unix

package cli

func peakRSS() int64 { return 0 }
