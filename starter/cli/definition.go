package cli

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/stabilize-go/stabilize/model"
)

// problems returns one line per problem in err, each prefixed with the
// file: a *model.ValidationError gives one line per field problem.
func problems(file string, err error) []string {
	var ve *model.ValidationError
	if errors.As(err, &ve) && len(ve.Problems) > 0 {
		out := make([]string, 0, len(ve.Problems))
		for _, p := range ve.Problems {
			out = append(out, withFile(file, p.Error()))
		}
		return out
	}
	var out []string
	for _, line := range strings.Split(err.Error(), "\n") {
		if line = strings.TrimSpace(line); line != "" {
			out = append(out, withFile(file, line))
		}
	}
	return out
}

// definitionResult is what loading and validating one file produced.
type definitionResult struct {
	File     string          `json:"file"`
	Valid    bool            `json:"valid"`
	Problems []string        `json:"problems,omitempty"`
	Warnings []string        `json:"warnings,omitempty"`
	Workflow *model.Workflow `json:"-"`
}

// loadDefinition loads file ("-" reads stdin), applies --set assignments
// and validates it.
// knownTask may be nil to skip the task-name check (a remote worker may
// register tasks this process does not know).
func loadDefinition(file string, stdin io.Reader, sets []string, knownTask func(string) bool) (definitionResult, error) {
	res := definitionResult{File: file}
	var wf *model.Workflow
	var err error
	if file == "-" && stdin != nil {
		// "-" reads the injected standard input, so tests can pipe.
		var data []byte
		if data, err = io.ReadAll(io.LimitReader(stdin, model.MaxDefinitionSize+1)); err != nil {
			return res, fmt.Errorf("read definition from standard input: %w", err)
		}
		wf, err = model.Load(file, data)
	} else {
		wf, err = model.LoadFile(file)
	}
	if err != nil {
		res.Problems = problems(file, err)
		return res, nil
	}
	if err := applySets(wf, sets); err != nil {
		return res, err
	}
	warnings, err := model.Validate(wf, file, model.ValidateOptions{KnownTask: knownTask})
	res.Warnings = warnings
	if err != nil {
		res.Problems = problems(file, err)
		return res, nil
	}
	res.Valid, res.Workflow = true, wf
	return res, nil
}

// mustLoad loads and validates a definition for run and start: problems
// are printed one per line on stderr and end the command with exit 2.
func (a *app) mustLoad(file string, sets []string, knownTask func(string) bool) (*model.Workflow, error) {
	res, err := loadDefinition(file, a.opts.Stdin, sets, knownTask)
	if err != nil {
		return nil, err
	}
	p := a.out()
	for _, w := range res.Warnings {
		p.warnf("%s\n", w)
	}
	if !res.Valid {
		for _, line := range res.Problems {
			fmt.Fprintln(a.opts.Stderr, line)
		}
		return nil, withCode(ExitUsage, fmt.Errorf("invalid definition %s: %d problem(s)", file, len(res.Problems)))
	}
	return res.Workflow, nil
}

// withFile prefixes line with the file unless it already names it.
func withFile(file, line string) string {
	if strings.HasPrefix(line, file+":") {
		return line
	}
	return file + ": " + line
}
