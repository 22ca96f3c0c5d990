package detect_test

import "testing"

// TestDecodedLiteral: a key written as a literal handed to a decoder
// (Base64.decode, base64.b64decode, getDecoder().decode) is the literal;
// a decoder given a variable, and another call of the same method name,
// are not.
func TestDecodedLiteral(t *testing.T) {
	g := "generic-api-key"
	runContextCases(t, []contextCase{
		{"setter of a cipher key", "ShiroConfig.java", "class C {\n  void f() {\n    manager.setCipherKey(Base64.decode(\"4AvVhmFLUs0KTA3Kprsdag==\"));\n  }\n}\n", g, "medium", ""},
		{"java.util.Base64 chain", "Keys.java", "class K {\n  static final byte[] SECRET_KEY = Base64.getDecoder().decode(\"Zq8Rt2Lm9Xv4Wn7Bc1Hp6Jd3Ks0Fy5Ga8w==\");\n}\n", g, "medium", ""},
		{"python b64decode", "settings.py", "SECRET_KEY = base64.b64decode(\"a9Xk2Lq8Zt4Vn7Bw1Mp6Rc3Hy5Jd0Fs9\")\n", g, "medium", ""},
		{"decoder of a variable", "settings.py", "SECRET_KEY = base64.b64decode(os.environ[\"SECRET_KEY\"])\n", "", "", ""},
		{"setter given a variable", "ShiroConfig.java", "class C {\n  void f() {\n    manager.setCipherKey(Base64.decode(props.getProperty(\"key\")));\n  }\n}\n", "", "", ""},
		{"a method of another name", "Keys.java", "class K {\n  static final byte[] SECRET_KEY = codec.decodeBlob(\"Zq8Rt2Lm9Xv4Wn7Bc1Hp6Jd3Ks0Fy5Ga8w==\");\n}\n", "", "", ""},
	})
}
