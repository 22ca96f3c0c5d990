package detect

// lookupDefault reads the literal default of an environment or settings
// lookup whose argument list opens at open: SECRET = getenv("OTHER", "v"),
// db_password = os.environ.get("PGPASS", "v"). The variable assigned
// names the credential even when the variable looked up does not.
func lookupDefault(data []byte, open int, buf *[]byte) (value, bool) {
	q := skipBlanks(data, open+1)
	if q >= len(data) || (data[q] != '"' && data[q] != '\'') || !envLookupArgument(data, q) {
		return value{}, false
	}
	name, ok := readQuoted(data, q, buf)
	if !ok {
		return value{}, false
	}
	i := skipBlanks(data, name.end+1)
	if i >= len(data) || data[i] != ',' {
		return value{}, false
	}
	v, ok := defaultArgument(data, skipBlanks(data, i+1), buf)
	if !ok {
		return value{}, false
	}
	if j := skipBlanks(data, v.end+1); j >= len(data) || data[j] != ')' {
		return value{}, false
	}
	return v, true
}
