package source

import (
	"archive/zip"
	"bytes"
	"fmt"
	"runtime"
	"strings"
	"testing"
)

type memReport struct {
	problems []Problem
	notices  []Notice
}

func (m *memReport) Problem(p Problem)                      { m.problems = append(m.problems, p) }
func (m *memReport) Notice(n Notice)                        { m.notices = append(m.notices, n) }
func (m *memReport) Read(int64)                             {}
func (m *memReport) Shallow([]string)                       {}
func (m *memReport) Copied(string, string, string, *Commit) {}

func TestParseLog(t *testing.T) {
	const oidA = "1111111111111111111111111111111111111111"
	const oidB = "2222222222222222222222222222222222222222"
	zero := strings.Repeat("0", 40)
	log := "\x01c1\x00Ann\x00ann@x\x00100\x00C <c@x>\x00first commit\n\nbody\n\x00\n" +
		":000000 100644 " + zero + " " + oidA + " A\x00a b.txt\x00" +
		":000000 160000 " + zero + " " + oidB + " A\x00sub\x00" +
		"\x01c2\x00Bob\x00bob@x\x00200\x00C <c@x>\x00\x00\n" +
		":100644 100644 " + oidA + " " + oidB + " M\x00a b.txt\x00" +
		":100644 000000 " + oidA + " " + zero + " D\x00gone\x00" +
		":000000 100644 " + zero + " " + oidA + " A\x00copy.txt\x00"
	var got, subs []string
	if err := parseLog(strings.NewReader(log+":160000 160000 "+oidB+" "+oidA+" M\x00sub\x00"), logVisitor{submodule: func(p string) { subs = append(subs, p) }, blob: func(j blobJob) bool {
		oid := " "
		if j.oid != "" {
			oid = j.oid[:1]
		}
		if j.copyOf != "" {
			oid += " copy"
		}
		got = append(got, oid+" "+j.path+" "+j.commit.Hash+" "+j.commit.Author)
		return true
	}}); err != nil {
		t.Fatal(err)
	}
	// Each new author and committer pair is one unit, at its first commit;
	// every commit's other headers are read from the commit itself.
	want := []string{"  (commit message) c1 Ann", "c (commit headers) c1 Ann", "  (commit author and committer) c1 Ann", "1 a b.txt c1 Ann",
		"c (commit headers) c2 Bob", "  (commit author and committer) c2 Bob", "2 a b.txt c2 Bob", "1 copy copy.txt c2 Bob"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("got %q, want %q", got, want)
	}
	if len(subs) != 1 || subs[0] != "sub" {
		t.Errorf("submodules told: %q, want [sub] once", subs)
	}
	if err := parseLog(strings.NewReader("garbage\x00"), logVisitor{blob: func(blobJob) bool { return true }}); err == nil {
		t.Error("garbage accepted")
	}
}

// Tokens longer than parseLog's read buffer (a long commit message, a
// long path) arrive whole, and the raw line before a path is not read
// from where the path overwrote it.
func TestParseLogLongTokens(t *testing.T) {
	const oidA = "1111111111111111111111111111111111111111"
	msg := strings.Repeat("a long message line\n", 20000)
	path := strings.Repeat("dir/", 30000) + "f.txt"
	log := "\x01c1\x00Ann\x00ann@x\x00100\x00C <c@x>\x00" + msg + "\x00\n" +
		":000000 100644 " + strings.Repeat("0", 40) + " " + oidA + " A\x00" + path + "\x00"
	var got []blobJob
	if err := parseLog(strings.NewReader(log), logVisitor{blob: func(j blobJob) bool {
		if !j.headers {
			got = append(got, j)
		}
		return true
	}}); err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 || string(got[0].inline) != msg || got[2].path != path || got[2].oid != oidA {
		t.Errorf("got %d jobs; message whole: %v, path whole: %v", len(got), len(got) > 0 && string(got[0].inline) == msg, len(got) > 2 && got[2].path == path)
	}
}

// TestParseLogCopiesAndExcludedPaths: a blob first listed at an excluded
// path is read where it is not excluded; a blob listed again at another
// path is a copy of the reading at a path scanned alike, told once per
// path, or read again where no path of its profile was read; at its own
// path again, nothing.
func TestParseLogCopiesAndExcludedPaths(t *testing.T) {
	const oidA = "1111111111111111111111111111111111111111"
	zero := strings.Repeat("0", 40)
	add := func(path string) string { return ":000000 100644 " + zero + " " + oidA + " A\x00" + path + "\x00" }
	log := "\x01c1\x00Ann\x00ann@x\x00100\x00C <c@x>\x00\x00\n" + add("vendor/a") +
		"\x01c2\x00Bob\x00bob@x\x00200\x00C <c@x>\x00\x00\n" + add("app/a") + add("lib/a") + add("tests/a") +
		"\x01c3\x00Cy\x00cy@x\x00300\x00C <c@x>\x00\x00\n" + add("lib/a") + add("app/a") + add("tests/b") + add("tests/a")
	var got []string
	err := parseLog(strings.NewReader(log), logVisitor{
		excluded: func(path string) bool { return strings.HasPrefix(path, "vendor/") },
		profile: func(path string) string {
			if strings.HasPrefix(path, "tests/") {
				return "test"
			}
			return ""
		},
		blob: func(j blobJob) bool {
			if j.path == CommitIdentityPath || j.headers {
				return true
			}
			kind := "read"
			if j.copyOf != "" {
				kind = "copy of " + j.copyOf + " to"
			}
			got = append(got, kind+" "+j.path+" "+j.commit.Hash)
			return true
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := "read app/a c2|copy of app/a to lib/a c2|read tests/a c2|copy of tests/a to tests/b c3"
	if strings.Join(got, "|") != want {
		t.Errorf("got  %q\nwant %q", strings.Join(got, "|"), want)
	}
}

func FuzzParseLog(f *testing.F) {
	f.Add([]byte("\x01c1\x00Ann\x00ann@x\x00100\x00C <c@x>\x00msg\x00\n:000000 100644 0000 1111 A\x00a\x00"))
	f.Add([]byte(":1 2 3 4 A\x00p\x00"))
	f.Add([]byte("\x01\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		_ = parseLog(bytes.NewReader(data), logVisitor{blob: func(j blobJob) bool {
			if j.commit == nil {
				t.Fatal("blob without a commit")
			}
			return true
		}})
	})
}

func TestExpandNestedArchivesAndLimits(t *testing.T) {
	var inner bytes.Buffer
	zw := zip.NewWriter(&inner)
	w, _ := zw.Create("deep/secret.txt")
	w.Write([]byte("hello"))
	zw.Close()
	var outer bytes.Buffer
	zw = zip.NewWriter(&outer)
	w, _ = zw.Create("lib/inner.jar")
	w.Write(inner.Bytes())
	w, _ = zw.Create("big.txt")
	w.Write(bytes.Repeat([]byte("a"), 2000))
	zw.Close()

	x := &Expander{MaxMemberSize: 1000, MaxDepth: 4}
	rep := &memReport{}
	var paths []string
	x.Expand(Unit{Path: "app.zip", Data: outer.Bytes()}, rep, func(u Unit) {
		if !nameOrLink(u) {
			paths = append(paths, u.Path)
		}
	})
	if len(paths) != 1 || paths[0] != "app.zip!lib/inner.jar!deep/secret.txt" {
		t.Errorf("paths %v", paths)
	}
	if len(rep.notices) != 1 || !strings.Contains(rep.notices[0].Reason, "limit") {
		t.Errorf("notices %v", rep.notices)
	}
	rep = &memReport{}
	(&Expander{MaxDepth: 1}).Expand(Unit{Path: "app.zip", Data: outer.Bytes()}, rep, func(Unit) {})
	if len(rep.notices) == 0 || !strings.Contains(rep.notices[0].Reason, "nested") {
		t.Errorf("depth limit not reported: %v", rep.notices)
	}
}

func FuzzExpand(f *testing.F) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("a.txt")
	w.Write([]byte("x"))
	zw.Close()
	f.Add(buf.Bytes())
	f.Add([]byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0})
	f.Add([]byte("PK\x03\x04"))
	f.Add([]byte("{\n \"source\": [\"a = \\\"b\\\"\\n\"]\n}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		x := &Expander{MaxMemberSize: 1 << 20, MaxDepth: 3}
		x.Expand(Unit{Path: "f.ipynb", Data: data}, &memReport{}, func(u Unit) {
			if u.Path == "" {
				t.Fatal("unit without a path")
			}
		})
	})
}

// TestParseLogHoldsLittlePerBlob: what the listing keeps for every blob
// of a history (to tell first versions from copies) is its id as bytes
// and a number for its path, not their text: the heap left after listing
// 200,000 versions of 2,000 files stays under 100 bytes a version.
func TestParseLogHoldsLittlePerBlob(t *testing.T) {
	const files, versions = 2000, 100
	var log bytes.Buffer
	zero := strings.Repeat("0", 40)
	prev := make([]string, files)
	for c := range versions {
		fmt.Fprintf(&log, "\x01%040x\x00Ann\x00ann@x\x00%d\x00C <c@x>\x00\x00\n", c, 100+c)
		for f := range files {
			oid := fmt.Sprintf("%040x", c*files+f+1)
			old := prev[f]
			if old == "" {
				old = zero
			}
			fmt.Fprintf(&log, ":100644 100644 %s %s M\x00src/module%03d/file%04d.go\x00", old, oid, f%100, f)
			prev[f] = oid
		}
	}
	data := log.Bytes()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	blobs := 0
	var kept any
	err := parseLog(bytes.NewReader(data), logVisitor{
		commit: func(*Commit) {
			if blobs > 0 && blobs%(files*versions/2) == 0 {
				// Halfway: what parseLog holds is all that is live.
				runtime.GC()
				runtime.ReadMemStats(&after)
				kept = after.HeapAlloc
			}
		},
		blob: func(j blobJob) bool {
			if j.oid != "" && !j.headers {
				blobs++
			}
			return true
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	if blobs != files*versions || kept == nil {
		t.Fatalf("%d blobs listed", blobs)
	}
	per := (int64(after.HeapAlloc) - int64(before.HeapAlloc)) / int64(files*versions/2)
	t.Logf("%d bytes held per listed version", per)
	if per > 100 {
		t.Errorf("%d bytes held per listed version, want at most 100", per)
	}
}

// TestLFSPointer reads pointers as the Git LFS spec writes them and
// nothing else.
func TestLFSPointer(t *testing.T) {
	const oid = "4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393"
	head := "version https://git-lfs.github.com/spec/v1\n"
	for text, want := range map[string]bool{
		head + "oid sha256:" + oid + "\nsize 12345\n":                           true,
		head + "ext-0-foo sha256:" + oid + "\noid sha256:" + oid + "\nsize 1\n": true,
		head + "oid sha256:" + oid + "\n":                                       false, // no size
		head + "oid sha256:" + oid[:60] + "\nsize 1\n":                          false,
		head + "oid sha256:" + strings.ToUpper(oid) + "\nsize 1\n":              false,
		head + "oid sha1:" + oid + "\nsize 1\n":                                 false,
		head + "oid sha256:" + oid + "\nsize -1\n":                              false,
		"version 1\noid sha256:" + oid + "\nsize 1\n":                           false,
		head + "oid sha256:" + oid + "\nsize 1\n" + strings.Repeat("x", 1024):   false, // too long for a pointer
	} {
		got, size, ok := lfsPointer([]byte(text))
		if ok != want || ok && (got != oid || size < 0) {
			t.Errorf("%q: %v %q %d, want %v", text, ok, got, size, want)
		}
	}
}
