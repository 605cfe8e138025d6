package multipart

import "golang.org/x/tools/go/ssa"

func (c *checker) checkFramesReuse(fn *ssa.Function) {}
