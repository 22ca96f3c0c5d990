package source

import (
	"bytes"
	"errors"
	"io"
	"slices"
)

// Text longer than a piece is scanned in pieces, so memory stays bounded
// whatever the length of a stream. Pieces overlap, and a match belongs to
// the piece in whose middle part it starts, so that piece holds at least
// half the overlap on either side of it: 64 KiB, four times the farthest
// the engine looks from a keyword (rule.MaxWindow, and the enclosing keys
// it reads back, both 16 KiB), so the keyword, the window, the context and
// the secret of every match are whole in it.
const (
	defaultPieceSize = 4 << 20
	defaultOverlap   = 128 << 10
)

// Piece places a unit's Data in the longer text it was cut from.
type Piece struct {
	// Lines counts the newlines before Data[0] in the whole text; Column
	// the bytes between the last of them and Data[0].
	Lines, Column int
	// From and To bound, in Data, where the matches that this piece
	// reports start; the pieces before and after report the others.
	From, To int
}

// Place turns a match's start, line and column in Data into its line and
// column in the whole text, and tells whether this piece reports it.
func (p *Piece) Place(start, line, column int) (int, int, bool) {
	if start < p.From || start >= p.To {
		return 0, 0, false
	}
	if line == 1 {
		column += p.Column
	}
	return line + p.Lines, column, true
}

func (x *Expander) pieceSize() (size, overlap int) {
	size, overlap = x.PieceSize, x.Overlap
	if size <= 0 {
		size = defaultPieceSize
	}
	if overlap <= 0 {
		overlap = defaultOverlap
	}
	return max(size, 2*overlap), overlap
}

// textEnds is what pieces saw of a text, for an archive appended to it
// (see appended): where one starts after a script's line, if it
// does, and the last bytes of the text, which hold a zip's end record.
type textEnds struct {
	script int64 // -1: none
	tail   []byte
	length int64
}

// pieces emits the text of c as u's Data: whole when it fits in one piece,
// else piece by piece. It returns the error that ended the stream, if
// any, after emitting what came before it.
func (x *Expander) pieces(u Unit, c content, emit func(Unit)) (textEnds, error) {
	size, overlap := x.pieceSize()
	if c.rest == nil && len(c.head) <= size {
		u.Data = c.head
		if c.zeros > 0 {
			u.Piece = &Piece{Column: int(c.zeros), To: len(c.head)}
		}
		emit(u)
		return textEnds{script: scriptArchive(c.head), tail: c.head[max(0, len(c.head)-zipTail):], length: int64(len(c.head))}, nil
	}
	r := c.reader()
	var buf []byte
	lines, column := 0, int(c.zeros)
	ends := textEnds{script: -1}
	for first := true; ; first = false {
		var err error
		buf, err = fill(r, buf, size)
		last := err != nil
		if errors.Is(err, io.EOF) {
			err = nil
		}
		if first {
			ends.script = scriptArchive(buf)
		}
		p := &Piece{Lines: lines, Column: column, From: 0, To: len(buf)}
		if !first {
			p.From = overlap / 2
		}
		if !last {
			p.To = len(buf) - overlap/2
		}
		u.Data, u.Piece = buf, p
		if first && last && c.zeros == 0 {
			u.Piece = nil // the whole text in one piece
		}
		emit(u)
		if last {
			ends.tail = buf[max(0, len(buf)-zipTail):]
			ends.length += int64(len(buf))
			return ends, err
		}
		// Keep the overlap, and count the lines of what is dropped.
		dropped := buf[:len(buf)-overlap]
		ends.length += int64(len(dropped))
		if nl := bytes.Count(dropped, []byte{'\n'}); nl > 0 {
			lines += nl
			column = len(dropped) - bytes.LastIndexByte(dropped, '\n') - 1
		} else {
			column += len(dropped)
		}
		buf = buf[:copy(buf, buf[len(buf)-overlap:])]
	}
}

// fill reads from r until buf holds size bytes, growing it as data comes
// (a short stream does not cost a whole piece); the error is io.EOF at
// the end of the stream.
func fill(r io.Reader, buf []byte, size int) ([]byte, error) {
	for len(buf) < size {
		if len(buf) == cap(buf) {
			buf = slices.Grow(buf, min(max(cap(buf), 32<<10), size-len(buf)))
		}
		n, err := r.Read(buf[len(buf):min(cap(buf), size)])
		buf = buf[:len(buf)+n]
		if err != nil {
			return buf, err
		}
	}
	return buf, nil
}
