package source

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
)

// TagMessagePrefix starts the path reported for a secret in an annotated
// tag's message: "(tag message: v1.2.0)".
const TagMessagePrefix = "(tag message"

// maxTagNesting bounds how deep tags of tags are followed: git itself
// peels at most a handful of levels in practice.
const maxTagNesting = 64

// tagObject is an annotated tag as stored: what it points to, its name,
// its tagger and its message.
type tagObject struct {
	object, typ, name string
	tagger            Commit
	message           []byte
	// extra holds the headers git itself does not write, sent with
	// hand-made tags (`git hash-object -t tag`) as with commits.
	extra []byte
}

// tagMessages sends the message and tagger of every annotated tag: git
// log lists the commits tags point to, not the tag objects, whose
// messages ("release notes, deploy with key ...") leak like commit
// messages. Every ref to a tag object counts (refs/tags and any other
// namespace push sends), or with Revs each positive revision that is one
// (a tag pushed), and so does a tag that a tag points to. Each is
// placed at the object its tag peels to, after every commit in history
// order, so a secret also committed is attributed to its commit.
func (g *Git) tagMessages(ctx context.Context, jobs []chan blobJob, tips []string) error {
	oids, names, err := g.tagTips(ctx, tips)
	if err != nil {
		return ctxOr(ctx, err)
	}
	seen := map[string]bool{}
	for _, o := range oids {
		seen[o] = true
	}
	// Read every tag, those inside tags too, before sending any: a tag is
	// placed at what the innermost one points to.
	var tags []tagObject
	var paths []string
	inner := map[int]int{} // tag index -> index of the tag it points to
	for depth, from := 0, 0; len(oids) > 0 && depth < maxTagNesting; depth++ {
		read, err := g.readTags(ctx, oids)
		if err != nil {
			return ctxOr(ctx, err)
		}
		var next, nextNames []string
		for i, tag := range read {
			name := names[i] // a ref's, or for a tag inside a tag, the outer one's then its own
			if depth > 0 {
				name += ", tag " + tag.name
			}
			tags, paths = append(tags, tag), append(paths, TagMessagePrefix+": "+name+")")
			if tag.typ == "tag" && !seen[tag.object] {
				seen[tag.object] = true
				inner[from+i] = from + len(read) + len(next)
				next, nextNames = append(next, tag.object), append(nextNames, name)
			}
		}
		from += len(read)
		oids, names = next, nextNames
	}
	for i, tag := range tags {
		if g.Exclude.Match(paths[i], false) {
			continue
		}
		at := i
		for n := 0; tags[at].typ == "tag" && n < maxTagNesting; n++ {
			j, ok := inner[at]
			if !ok {
				break // a tag met twice: placed at the tag
			}
			at = j
		}
		c := tag.tagger
		c.Hash, c.Seq = tags[at].object, math.MaxInt32
		// The tagger is scanned with the message: push sends both.
		text := append(bytes.Clone(tag.message), "\ntagger "+c.Author+" <"+c.Email+">\n"...)
		text = append(text, tag.extra...)
		nulsToLines(text)
		if !sendJob(ctx, jobs, blobJob{path: paths[i], commit: &c, inline: text}) {
			return ctx.Err()
		}
	}
	return nil
}

// tagTips returns the tag objects among tips (tipNames), each once, with
// the name each is reported under (refs/tags/ left out).
func (g *Git) tagTips(ctx context.Context, tips []string) (oids, names []string, err error) {
	if len(tips) == 0 {
		return nil, nil, nil
	}
	out, err := g.outputFrom(ctx, strings.NewReader(strings.Join(tips, "\n")+"\n"), "cat-file", "--batch-check=%(objecttype) %(objectname)")
	if err != nil {
		return nil, nil, err
	}
	lines := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
	if len(lines) != len(tips) {
		return nil, nil, fmt.Errorf("git cat-file answered %d of %d refs", len(lines), len(tips))
	}
	seen := map[string]bool{}
	for i, line := range lines {
		typ, oid, _ := strings.Cut(line, " ")
		if typ == "tag" && !seen[oid] {
			seen[oid] = true
			oids, names = append(oids, oid), append(names, strings.TrimPrefix(tips[i], "refs/tags/"))
		}
	}
	return oids, names, nil
}

// ctxOr is the context's error when it ended, else err.
func ctxOr(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return err
}

// readTags reads the tag objects oids, in order, with one git cat-file.
func (g *Git) readTags(ctx context.Context, oids []string) ([]tagObject, error) {
	out, err := g.outputFrom(ctx, strings.NewReader(strings.Join(oids, "\n")+"\n"), "cat-file", "--batch")
	if err != nil {
		return nil, err
	}
	r := bufio.NewReader(bytes.NewReader(out))
	tags := make([]tagObject, 0, len(oids))
	for range oids {
		// <oid> SP <type> SP <size> LF <content> LF
		header, err := r.ReadString('\n')
		f := strings.Fields(header)
		if err != nil || len(f) != 3 || f[1] != "tag" {
			return nil, fmt.Errorf("git cat-file: unexpected answer %q", header)
		}
		size, err := strconv.Atoi(f[2])
		if err != nil {
			return nil, fmt.Errorf("git cat-file: unexpected answer %q", header)
		}
		body := make([]byte, size+1)
		if _, err := io.ReadFull(r, body); err != nil {
			return nil, fmt.Errorf("git cat-file: truncated answer for %s", f[0])
		}
		tags = append(tags, parseTag(body[:size]))
	}
	return tags, nil
}

// parseTag reads a tag object: header lines ("object", "type", "tag",
// "tagger", and any other a hand-made tag holds, with continuation lines
// starting with a space), a blank line, then the message (gitformat-tag).
func parseTag(data []byte) tagObject {
	var t tagObject
	head, msg, _ := bytes.Cut(data, []byte("\n\n"))
	t.message = msg
	for _, line := range strings.Split(string(head), "\n") {
		key, value, _ := strings.Cut(line, " ")
		switch key {
		case "object":
			t.object = value
		case "type":
			t.typ = value
		case "tag":
			t.name = value
		case "tagger":
			// NAME <EMAIL> SECONDS TZ
			name, rest, _ := strings.Cut(value, " <")
			email, when, _ := strings.Cut(rest, "> ")
			secs, _ := strconv.ParseInt(strings.Fields(when + " 0")[0], 10, 64)
			t.tagger = Commit{Author: name, Email: email, Date: time.Unix(secs, 0).UTC()}
		default:
			t.extra = append(append(t.extra, line...), '\n')
		}
	}
	return t
}
