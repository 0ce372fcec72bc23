package expr

import (
	"sync"
	"sync/atomic"
)

// cacheLimit bounds the number of cached programs. Definitions use a small,
// fixed set of expressions; the bound only matters for callers that
// compile unbounded input (a fuzzer), and the cache is then emptied.
const cacheLimit = 4096

var (
	cache     sync.Map // source string -> *Program
	cacheSize atomic.Int64
)

// Compile parses src into a Program, or returns an *Error for an empty
// expression, a syntax error or an unsupported construct (calls, arithmetic,
// slices, dict and set literals, lambdas, comprehensions, f-strings, unary
// '+' and '~'). Successful results are cached by source string, so calling
// Compile on every evaluation is cheap.
func Compile(src string) (*Program, error) {
	if p, ok := cache.Load(src); ok {
		return p.(*Program), nil
	}
	p, err := compile(src)
	if err != nil {
		return nil, err
	}
	if cacheSize.Add(1) > cacheLimit {
		cache.Clear()
		cacheSize.Store(1)
	}
	actual, _ := cache.LoadOrStore(src, p)
	return actual.(*Program), nil
}
