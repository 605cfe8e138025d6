package zmqapi

import "go/types"

// framesFields are the struct fields that hold a message's frames by
// reference (go-zeromq Msg.Frames, §1.2): storing a [][]byte there makes
// the message alias it.
var framesFields = []field{{gozmqPath, "Msg", "Frames", AliasMsg}}

// IsFramesField reports whether v is the frames field of a binding's
// message type (go-zeromq Msg.Frames).
func (m *Model) IsFramesField(v *types.Var) bool {
	if v == nil || !v.IsField() || v.Pkg() == nil {
		return false
	}
	for _, f := range framesFields {
		if f.Pkg == PathOf(v.Pkg()) && f.Name == v.Name() && f.Recv == fieldOwner(v) {
			return true
		}
	}
	return false
}
