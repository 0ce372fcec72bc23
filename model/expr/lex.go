package expr

import (
	"math/big"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// tokenKind classifies a token.
type tokenKind uint8

const (
	tokenEOF tokenKind = iota
	tokenName
	tokenNumber
	tokenString
	tokenOp
)

// token is one lexical element. pos is a byte offset in the original source.
type token struct {
	kind tokenKind
	pos  int
	text string // the name, operator or number as written
	val  any    // tokenNumber: int64, *big.Int or float64; tokenString: string or Bytes
	fstr bool   // tokenString: an f-string or t-string (unsupported)
}

// maxNesting bounds bracket nesting, as Python's tokenizer does (200).
const maxNesting = 200

// operators lists the punctuation Python knows, longest first, so that the
// parser can name an unsupported operator precisely instead of failing on an
// unknown character.
var operators = []string{
	"...", "**=", "//=", ">>=", "<<=",
	"==", "!=", "<=", ">=", "**", "//", "<<", ">>", ":=", "->",
	"+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "@=",
	"(", ")", "[", "]", "{", "}", ",", ".", ":", ";",
	"+", "-", "*", "/", "%", "@", "&", "|", "^", "~", "<", ">", "=",
}

// operatorsByFirst indexes operators by their first byte, keeping the
// longest-first order.
var operatorsByFirst = func() (t [128][]string) {
	for _, op := range operators {
		t[op[0]] = append(t[op[0]], op)
	}
	return t
}()

// keywordsAfterNumber may follow a number with no space in between
// (Python accepts `1if x else 2` and `1or 2`).
var keywordsAfterNumber = []string{"and", "else", "if", "in", "is", "not", "or"}

// lexer turns src[start:end] into tokens whose positions index src.
type lexer struct {
	src      string
	pos      int
	end      int
	toks     []token
	brackets []int // positions of the open brackets, innermost last
}

// lex tokenizes src[start:end]. The result always ends with a tokenEOF
// whose position is end.
func lex(src string, start, end int) ([]token, *Error) {
	l := &lexer{src: src, pos: start, end: end, toks: make([]token, 0, (end-start)/3+2)}
	newline := -1   // first newline outside brackets after a token
	lineStart := -1 // start of the current line while no token is seen yet
	for l.pos < l.end {
		c := src[l.pos]
		switch {
		case c == ' ' || c == '\t' || c == '\f':
			l.pos++
		case c == '#':
			for l.pos < l.end && src[l.pos] != '\n' && src[l.pos] != '\r' {
				l.pos++
			}
		case c == '\n' || c == '\r':
			// A newline after a token ends the logical line; before any
			// token it only ends a blank or comment line.
			if len(l.brackets) == 0 && newline < 0 && len(l.toks) > 0 {
				newline = l.pos
			}
			l.pos++
			if len(l.toks) == 0 {
				lineStart = l.pos
			}
		case c == '\\':
			switch {
			case strings.HasPrefix(src[l.pos+1:l.end], "\r\n"):
				l.pos += 3
			case l.pos+1 < l.end && (src[l.pos+1] == '\n' || src[l.pos+1] == '\r'):
				l.pos += 2
			default:
				return nil, errorf(src, l.pos, "expected a newline after the line continuation character '\\'")
			}
		default:
			if newline >= 0 {
				return nil, errorf(src, newline, "expected end of input, found a newline (wrap an expression that spans lines in parentheses)")
			}
			if len(l.toks) == 0 && lineStart >= 0 && l.pos != lineStart {
				return nil, errorf(src, lineStart, "unexpected indent: the first line of the expression after blank or comment lines must not be indented")
			}
			if err := l.token(); err != nil {
				return nil, err
			}
		}
	}
	if n := len(l.brackets); n > 0 {
		open := l.brackets[n-1]
		return nil, errorf(src, open, "'%c' was never closed", src[open])
	}
	l.toks = append(l.toks, token{kind: tokenEOF, pos: end})
	return l.toks, nil
}

// token lexes one token starting at l.pos, which is not blank.
func (l *lexer) token() *Error {
	src := l.src
	c := src[l.pos]
	switch {
	case isDigit(c) || (c == '.' && l.pos+1 < l.end && isDigit(src[l.pos+1])):
		return l.number()
	case c == '"' || c == '\'':
		return l.str(l.pos, "")
	}
	r, size := utf8.DecodeRuneInString(src[l.pos:l.end])
	if r == utf8.RuneError && size <= 1 {
		return errorf(src, l.pos, "expected valid UTF-8, found byte 0x%02x", c)
	}
	if isIdentStart(r) {
		start := l.pos
		l.pos += size
		for l.pos < l.end {
			r, size := utf8.DecodeRuneInString(src[l.pos:l.end])
			if !isIdentContinue(r) {
				break
			}
			l.pos += size
		}
		word := src[start:l.pos]
		if l.pos < l.end && (src[l.pos] == '"' || src[l.pos] == '\'') && isStringPrefix(word) {
			return l.str(start, strings.ToLower(word))
		}
		l.toks = append(l.toks, token{kind: tokenName, pos: start, text: word})
		return nil
	}
	var candidates []string
	if c < utf8.RuneSelf {
		candidates = operatorsByFirst[c]
	}
	for _, op := range candidates {
		if strings.HasPrefix(src[l.pos:l.end], op) {
			if err := l.bracket(op); err != nil {
				return err
			}
			l.toks = append(l.toks, token{kind: tokenOp, pos: l.pos, text: op})
			l.pos += len(op)
			return nil
		}
	}
	if unicode.IsPrint(r) {
		return errorf(src, l.pos, "expected an operand or operator, found invalid character %q (U+%04X)", r, r)
	}
	return errorf(src, l.pos, "expected an operand or operator, found invalid non-printable character U+%04X", r)
}

// bracket keeps the bracket stack for the operator op at l.pos.
func (l *lexer) bracket(op string) *Error {
	switch op {
	case "(", "[", "{":
		if len(l.brackets) >= maxNesting {
			return errorf(l.src, l.pos, "too many nested parentheses (at most %d)", maxNesting)
		}
		l.brackets = append(l.brackets, l.pos)
	case ")", "]", "}":
		n := len(l.brackets)
		if n == 0 {
			return errorf(l.src, l.pos, "unmatched '%s'", op)
		}
		open := l.src[l.brackets[n-1]]
		if want := closing(open); want != op[0] {
			return errorf(l.src, l.pos, "closing '%s' does not match opening '%c' at position %d", op, open, l.brackets[n-1])
		}
		l.brackets = l.brackets[:n-1]
	}
	return nil
}

func closing(open byte) byte {
	switch open {
	case '(':
		return ')'
	case '[':
		return ']'
	}
	return '}'
}

// number lexes an integer or float literal in Python syntax: 0x/0o/0b
// prefixes, '_' between digits, fractions and exponents.
func (l *lexer) number() *Error {
	src, start := l.src, l.pos
	if src[l.pos] == '0' && l.pos+1 < l.end && strings.IndexByte("xXoObB", src[l.pos+1]) >= 0 {
		base, kind := 16, "hexadecimal"
		switch src[l.pos+1] {
		case 'o', 'O':
			base, kind = 8, "octal"
		case 'b', 'B':
			base, kind = 2, "binary"
		}
		l.pos += 2
		var digits strings.Builder
		for l.pos < l.end {
			c := src[l.pos]
			if c == '_' && l.pos+1 < l.end && digitValue(src[l.pos+1]) < base {
				l.pos++
				continue
			}
			if digitValue(c) >= base {
				break
			}
			digits.WriteByte(c)
			l.pos++
		}
		if digits.Len() == 0 || l.identFollows() && !l.keywordFollows() {
			return errorf(src, start, "invalid %s literal %q", kind, l.word(start))
		}
		n, _ := new(big.Int).SetString(digits.String(), base)
		l.toks = append(l.toks, token{kind: tokenNumber, pos: start, text: src[start:l.pos], val: normalizeBig(n)})
		return nil
	}
	intPart, err := l.digits(start)
	if err != nil {
		return err
	}
	text, isFloat := intPart, false
	if l.pos < l.end && src[l.pos] == '.' {
		isFloat = true
		l.pos++
		frac, err := l.digits(start)
		if err != nil {
			return err
		}
		text += "." + frac
	}
	if l.pos < l.end && (src[l.pos] == 'e' || src[l.pos] == 'E') {
		j := l.pos + 1
		if j < l.end && (src[j] == '+' || src[j] == '-') {
			j++
		}
		if j < l.end && isDigit(src[j]) {
			sign := src[l.pos+1 : j]
			l.pos = j
			exp, err := l.digits(start)
			if err != nil {
				return err
			}
			isFloat = true
			text += "e" + sign + exp
		}
	}
	if l.pos < l.end && (src[l.pos] == 'j' || src[l.pos] == 'J') {
		return errorf(src, start, "unsupported expression: complex number literal %q", src[start:l.pos+1])
	}
	if l.identFollows() && !l.keywordFollows() {
		return errorf(src, start, "invalid decimal literal %q", l.word(start))
	}
	if isFloat {
		f, err := strconv.ParseFloat(text, 64)
		if err != nil && !isRangeError(err) {
			return errorf(src, start, "invalid decimal literal %q", src[start:l.pos])
		}
		l.toks = append(l.toks, token{kind: tokenNumber, pos: start, text: src[start:l.pos], val: f})
		return nil
	}
	if len(text) > 1 && text[0] == '0' && strings.Trim(text, "0") != "" {
		return errorf(src, start, "leading zeros in decimal integer literals are not permitted (found %q; use an 0o prefix for octal)", src[start:l.pos])
	}
	var val any
	if i, err := strconv.ParseInt(text, 10, 64); err == nil {
		val = i
	} else {
		n, _ := new(big.Int).SetString(text, 10)
		val = normalizeBig(n)
	}
	l.toks = append(l.toks, token{kind: tokenNumber, pos: start, text: src[start:l.pos], val: val})
	return nil
}

// digits consumes [0-9](_?[0-9])* and returns the digits without '_'.
func (l *lexer) digits(start int) (string, *Error) {
	var b strings.Builder
	for l.pos < l.end {
		c := l.src[l.pos]
		if c == '_' {
			if l.pos+1 < l.end && isDigit(l.src[l.pos+1]) && b.Len() > 0 {
				l.pos++
				continue
			}
			return "", errorf(l.src, start, "invalid decimal literal %q ('_' must separate two digits)", l.word(start))
		}
		if !isDigit(c) {
			break
		}
		b.WriteByte(c)
		l.pos++
	}
	return b.String(), nil
}

// identFollows reports whether an identifier character is at l.pos.
func (l *lexer) identFollows() bool {
	if l.pos >= l.end {
		return false
	}
	r, _ := utf8.DecodeRuneInString(l.src[l.pos:l.end])
	return isIdentContinue(r)
}

// keywordFollows reports whether a keyword that Python lets touch a
// number (`1if`, `1or`) starts at l.pos.
func (l *lexer) keywordFollows() bool {
	rest := l.src[l.pos:l.end]
	for _, kw := range keywordsAfterNumber {
		if strings.HasPrefix(rest, kw) {
			r, _ := utf8.DecodeRuneInString(rest[len(kw):])
			if len(rest) == len(kw) || !isIdentContinue(r) {
				return true
			}
		}
	}
	return false
}

// word returns the run of identifier characters starting at start, for
// error messages about malformed numbers.
func (l *lexer) word(start int) string {
	i := start
	for i < l.end {
		r, size := utf8.DecodeRuneInString(l.src[i:l.end])
		if !isIdentContinue(r) && r != '.' {
			break
		}
		i += size
	}
	return l.src[start:i]
}

func isRangeError(err error) bool {
	ne, ok := err.(*strconv.NumError)
	return ok && ne.Err == strconv.ErrRange
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// digitValue is the value of the digit c in bases up to 16, or 99.
func digitValue(c byte) int {
	switch {
	case isDigit(c):
		return int(c - '0')
	case c >= 'a' && c <= 'f':
		return int(c-'a') + 10
	case c >= 'A' && c <= 'F':
		return int(c-'A') + 10
	}
	return 99
}

func isIdentStart(r rune) bool {
	return r == '_' || unicode.IsLetter(r) || unicode.Is(unicode.Nl, r)
}

func isIdentContinue(r rune) bool {
	return isIdentStart(r) || unicode.IsDigit(r) || unicode.In(r, unicode.Mn, unicode.Mc, unicode.Nd, unicode.Pc)
}

// isStringPrefix reports whether word is a Python string prefix.
func isStringPrefix(word string) bool {
	switch strings.ToLower(word) {
	case "r", "u", "b", "br", "rb", "f", "fr", "rf", "t", "tr", "rt":
		return true
	}
	return false
}
