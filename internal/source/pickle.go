package source

import "bytes"

// Python's pickle protocol 0 (the default of Python 2's pickle.dumps, and
// protocol=0 since) is text, one opcode a character, with arguments up to
// a line break: a string is written right after its opcode (V for text, S
// for a quoted string), and argumentless opcodes run together before it
// (aNaV...). A token there is glued to the letter before it and no
// pattern's \b holds. The strings are read out of the opcodes, one a
// line, and scanned as FILE!(pickle strings). Format: CPython's
// Lib/pickletools.py, which lists each opcode and its argument.

// pickleArgless are protocol 0's opcodes without an argument.
const pickleArgless = "().012NRabdelostu}])"

// pickleLineArgs are protocol 0's opcodes whose argument ends at a line
// break; c and i take two lines (a module, a name).
const pickleLineArgs = "ILFSVPpgci"

// pickleText tells whether head starts a protocol 0 pickle: a typical
// first opcode, then opcodes only, with a string among them, up to the
// end of head or the STOP opcode.
func pickleText(head []byte) bool {
	if len(head) < 4 || bytes.IndexByte([]byte("(c]}"), head[0]) < 0 {
		return false
	}
	strings, ok := 0, true
	walkPickle(head, func(op byte, _ []byte) { strings++ }, &ok)
	return ok && strings > 0
}

// pickleStrings returns the strings of the pickle data, one a line.
func pickleStrings(data []byte) []byte {
	var out []byte
	ok := true
	walkPickle(data, func(_ byte, s []byte) { out = append(append(out, s...), '\n') }, &ok)
	return out
}

// walkPickle calls fn with each string argument of the protocol 0
// opcodes in data; ok is cleared at a byte that is no such opcode. A
// line cut by data's end is not handed on.
func walkPickle(data []byte, fn func(op byte, s []byte), ok *bool) {
	for i := 0; i < len(data); {
		op := data[i]
		switch {
		case op == '.':
			return // STOP
		case bytes.IndexByte([]byte(pickleArgless), op) >= 0:
			i++
		case bytes.IndexByte([]byte(pickleLineArgs), op) >= 0:
			lines := 1
			if op == 'c' || op == 'i' {
				lines = 2
			}
			j := i + 1
			for ; lines > 0; lines-- {
				nl := bytes.IndexByte(data[j:], '\n')
				if nl < 0 {
					return // cut by the end of what is read
				}
				j += nl + 1
			}
			if op == 'V' || op == 'S' {
				fn(op, data[i+1:j-1])
			}
			i = j
		default:
			*ok = false
			return
		}
	}
}

// pickle scans the strings of the protocol 0 pickle data, the whole of u,
// as its member "(pickle strings)"; its bytes are scanned as well, by the
// caller.
func (w *walk) pickle(u Unit, data []byte) {
	if s := pickleStrings(data); len(s) > 0 {
		w.emit(Unit{Path: u.Path + "!(pickle strings)", Git: u.Git, Data: s})
	}
}
