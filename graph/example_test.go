package graph_test

import (
	"log"
	"os"

	"github.com/stabilize-go/stabilize/graph"
	"github.com/stabilize-go/stabilize/model"
)

// A definition as a Mermaid flowchart; FormatDOT and FormatSVG work the
// same way.
func ExampleRender() {
	wf, err := model.LoadFile("../examples/hello.yaml")
	if err != nil {
		log.Fatal(err)
	}
	if err := graph.Render(os.Stdout, wf, graph.FormatMermaid); err != nil {
		log.Fatal(err)
	}
	// Output:
	// ---
	// title: "demo / hello"
	// ---
	// flowchart LR
	//   s0["<b>Greet</b><br/>noop · greet"]
	//   s1["<b>Short wait</b><br/>wait · pause"]
	//   s2["<b>Say it</b><br/>shell · say"]
	//   s3["<b>done</b><br/>noop"]
	//   s0 --> s2
	//   s1 --> s2
	//   s2 --> s3
}
