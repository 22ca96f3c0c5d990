package main

import (
	"os"

	"github.com/andybalholm/brotli"
)

func main() {
	data, _ := os.ReadFile(os.Args[1])
	f, _ := os.Create(os.Args[2])
	w := brotli.NewWriterLevel(f, 11)
	w.Write(data)
	w.Close()
	f.Close()
}
