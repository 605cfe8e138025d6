package zmqapi

import "go/types"

// MsgFramesField is the one model of Msg.Frames (the msgs rows of each
// binding's table): the buffers helper traces a Msg through it for both
// zerocopy (the frames' bytes) and multipart (the frames slice).
// MsgFramesField reports whether t is a binding's message type whose
// frames alias caller memory (go-zeromq Msg), and returns the index of its
// frames field.
func (m *Model) MsgFramesField(t types.Type) (int, bool) {
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj().Pkg() == nil {
		return -1, false
	}
	for _, mt := range m.msgs {
		if PathOf(n.Obj().Pkg()) != mt.Pkg || n.Obj().Name() != mt.Name {
			continue
		}
		st, ok := n.Underlying().(*types.Struct)
		if !ok {
			return -1, false
		}
		for i := 0; i < st.NumFields(); i++ {
			if st.Field(i).Name() == mt.FramesField {
				return i, true
			}
		}
	}
	return -1, false
}
