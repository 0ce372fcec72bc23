package expr

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// str lexes a string literal whose prefix (lower case, possibly empty)
// starts at start and whose opening quote is at l.pos.
func (l *lexer) str(start int, prefix string) *Error {
	src := l.src
	quote := src[l.pos]
	delim := string(quote)
	if strings.HasPrefix(src[l.pos:l.end], strings.Repeat(delim, 3)) {
		delim = strings.Repeat(delim, 3)
	}
	l.pos += len(delim)
	bodyStart := l.pos
	for {
		if l.pos >= l.end {
			if len(delim) == 3 {
				return errorf(src, start, "unterminated triple-quoted string literal")
			}
			return errorf(src, start, "unterminated string literal")
		}
		c := src[l.pos]
		if c == '\\' {
			l.pos += 2
			if strings.HasPrefix(src[l.pos-1:l.end], "\r\n") {
				l.pos++ // an escaped CRLF is one line continuation
			}
			if l.pos > l.end {
				l.pos = l.end
			}
			continue
		}
		if len(delim) == 1 && (c == '\n' || c == '\r') {
			return errorf(src, start, "unterminated string literal (a newline ends it; use a triple-quoted string)")
		}
		if strings.HasPrefix(src[l.pos:l.end], delim) {
			break
		}
		l.pos++
	}
	body := src[bodyStart:l.pos]
	l.pos += len(delim)
	// Python reads source with universal newlines.
	body = strings.ReplaceAll(strings.ReplaceAll(body, "\r\n", "\n"), "\r", "\n")
	raw := strings.ContainsRune(prefix, 'r')
	isBytes := strings.ContainsRune(prefix, 'b')
	fstr := strings.ContainsAny(prefix, "ft")
	tok := token{kind: tokenString, pos: start, text: src[start:l.pos], fstr: fstr}
	if fstr {
		l.toks = append(l.toks, tok)
		return nil
	}
	if !utf8.ValidString(body) {
		return errorf(src, bodyStart, "expected valid UTF-8 in the string literal")
	}
	if isBytes {
		for i := 0; i < len(body); i++ {
			if body[i] >= utf8.RuneSelf {
				return errorf(src, start, "bytes can only contain ASCII literal characters")
			}
		}
	}
	val := body
	if !raw {
		var err *Error
		if val, err = unescape(src, bodyStart, body, isBytes); err != nil {
			return err
		}
	}
	if isBytes {
		tok.val = Bytes(val)
	} else {
		tok.val = val
	}
	l.toks = append(l.toks, tok)
	return nil
}

// unescape applies Python's backslash escapes to body. at is the offset of
// body in src (approximate after newline normalization; used for errors).
// Unknown escapes keep their backslash, as in Python.
func unescape(src string, at int, body string, isBytes bool) (string, *Error) {
	if !strings.Contains(body, `\`) {
		return body, nil
	}
	var b strings.Builder
	for i := 0; i < len(body); {
		c := body[i]
		if c != '\\' || i+1 >= len(body) {
			b.WriteByte(c)
			i++
			continue
		}
		e := body[i+1]
		i += 2
		switch e {
		case '\n':
		case '\\', '\'', '"':
			b.WriteByte(e)
		case 'a':
			b.WriteByte('\a')
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		case 'v':
			b.WriteByte('\v')
		case '0', '1', '2', '3', '4', '5', '6', '7':
			v := int(e - '0')
			for n := 1; n < 3 && i < len(body) && body[i] >= '0' && body[i] <= '7'; n++ {
				v = v*8 + int(body[i]-'0')
				i++
			}
			if isBytes {
				if v > 0xff {
					return "", errorf(src, at+i, "octal escape value %#o is greater than 0o377 in a bytes literal", v)
				}
				b.WriteByte(byte(v))
			} else {
				writeCodePoint(&b, rune(v))
			}
		case 'x', 'u', 'U':
			if e != 'x' && isBytes {
				b.WriteByte('\\')
				b.WriteByte(e)
				continue
			}
			n := 2
			switch e {
			case 'u':
				n = 4
			case 'U':
				n = 8
			}
			if i+n > len(body) || !isHex(body[i:i+n]) {
				return "", errorf(src, at+i-2, "truncated \\%c escape: expected %d hex digits", e, n)
			}
			v, _ := strconv.ParseUint(body[i:i+n], 16, 32)
			i += n
			switch {
			case isBytes:
				b.WriteByte(byte(v))
			case v > utf8.MaxRune:
				return "", errorf(src, at+i-n-2, "illegal Unicode character \\%c%s in the string literal", e, body[i-n:i])
			default:
				writeCodePoint(&b, rune(v))
			}
		case 'N':
			if isBytes {
				b.WriteString(`\N`)
				continue
			}
			return "", errorf(src, at+i-2, "unsupported string escape \\N{...}: use \\u or \\U with the code point")
		default:
			b.WriteByte('\\')
			i-- // the escaped character is an ordinary one
		}
	}
	return b.String(), nil
}

func isHex(s string) bool {
	for i := 0; i < len(s); i++ {
		if digitValue(s[i]) >= 16 {
			return false
		}
	}
	return true
}

// writeCodePoint writes r in UTF-8, or in WTF-8 for a lone surrogate, which
// Python strings may hold; WTF-8 keeps code point order for comparisons.
func writeCodePoint(b *strings.Builder, r rune) {
	if r >= 0xD800 && r <= 0xDFFF {
		b.WriteByte(byte(0xE0 | r>>12))
		b.WriteByte(byte(0x80 | (r>>6)&0x3F))
		b.WriteByte(byte(0x80 | r&0x3F))
		return
	}
	b.WriteRune(r)
}
