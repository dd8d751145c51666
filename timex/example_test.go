package timex_test

import (
	"fmt"
	"time"

	"github.com/whosaid/whosaid/timex"
)

func Example() {
	text := "The minister resigned on Thursday, a year after taking office in July last year. " +
		"She will testify next week."
	published := time.Date(2017, 3, 30, 0, 0, 0, 0, time.UTC) // a Thursday
	for _, x := range timex.New().Tag(text, published) {
		fmt.Printf("%-16q %-8s %s\n", text[x.Start:x.End], x.Type, x.Value)
	}
	// Output:
	// "Thursday"       DATE     2017-03-30
	// "a year"         DURATION P1Y
	// "July last year" DATE     2016-07
	// "next week"      DATE     2017-W14
}
