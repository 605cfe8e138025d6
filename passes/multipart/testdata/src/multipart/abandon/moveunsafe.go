package abandon

import zmq "github.com/pebbe/zmq4"

// Red team: a call between the part and the final part changes what the
// part reads without naming it. Moving the part down would send "v2"
// where the code sends "v1", so no fix is offered (the finding stays).

func captured(s *zmq.Socket, body []byte, check func() error) error {
	tag := "v1"
	bump := func() { tag = "v2" }
	if _, err := s.Send(tag, zmq.SNDMORE); err != nil { // want `this part is sent on s with SNDMORE, but the return on line 17 is reached without the final part`
		return err
	}
	bump()
	if err := check(); err != nil {
		return err
	}
	_, err := s.SendBytes(body, 0)
	return err
}

var version = "v1"

func bumpVersion() { version = "v2" }

func global(s *zmq.Socket, body []byte, check func() error) error {
	if _, err := s.Send(version, zmq.SNDMORE); err != nil { // want `this part is sent on s with SNDMORE, but the return on line 33 is reached without the final part`
		return err
	}
	bumpVersion()
	if err := check(); err != nil {
		return err
	}
	_, err := s.SendBytes(body, 0)
	return err
}

type msg struct{ tag string }

func (m *msg) bump() { m.tag = "v2" }

func field(s *zmq.Socket, m *msg, body []byte, check func() error) error {
	if _, err := s.Send(m.tag, zmq.SNDMORE); err != nil { // want `this part is sent on s with SNDMORE, but the return on line 49 is reached without the final part`
		return err
	}
	m.bump()
	if err := check(); err != nil {
		return err
	}
	_, err := s.SendBytes(body, 0)
	return err
}

func pointer(s *zmq.Socket, p *string, body []byte, check func() error) error {
	if _, err := s.Send(*p, zmq.SNDMORE); err != nil { // want `this part is sent on s with SNDMORE, but the return on line 61 is reached without the final part`
		return err
	}
	*p = "v2"
	if err := check(); err != nil {
		return err
	}
	_, err := s.SendBytes(body, 0)
	return err
}
