// Code copied from the generated github.com/go-zeromq/goczmq/v4 stub: the same v4 API under its legacy import path (not served by the module proxy, so not generated).

// Package goczmq is a stub of github.com/go-zeromq/goczmq/v4 for zmqlint's tests: its exported API
// with bodies that panic.
package goczmq

const (
	CZMQVersionMajor int = 4
	CZMQVersionMinor int = 2
	CurveAllowAny        = "*"
	Dealer           int = 5
	FlagDontWait     int = 4
	FlagMore         int = 1
	FlagNone             = 0
	FlagReuse        int = 2
	Pair             int = 0
	Pollin           int = 1
	Pollout          int = 2
	Pub              int = 1
	Pull             int = 7
	Push             int = 8
	Rep              int = 4
	Req              int = 3
	Router           int = 6
	Stream           int = 11
	Sub              int = 2
	XPub             int = 9
	XSub             int = 10
	ZMQVersionMajor  int = 4
	ZMQVersionMinor  int = 3
)

var (
	ErrActorCmd                 error
	ErrBind                     error
	ErrCertNotFound             error
	ErrConnect                  error
	ErrDisconnect               error
	ErrInvalidSockType          error
	ErrMultiPartUnsupported     error
	ErrRecvFrame                error
	ErrRecvFrameAfterDestroy    error
	ErrRecvMessage              error
	ErrSendFrame                error
	ErrSliceFull                error
	ErrSockAttach               error
	ErrSockAttachEmptyEndpoints error
	ErrTimeout                  error
	ErrUnbind                   error
	ErrWaitAfterDestroy         error
)

type Auth struct {
	_ struct{}
}

func (a *Auth) Allow(address string) error {
	panic("zmqlint: stub")
}

func (a *Auth) Curve(allowed string) error {
	panic("zmqlint: stub")
}

func (a *Auth) Deny(address string) error {
	panic("zmqlint: stub")
}

func (a *Auth) Destroy() {
	panic("zmqlint: stub")
}

func (a *Auth) Plain(directory string) error {
	panic("zmqlint: stub")
}

func (a *Auth) Verbose() error {
	panic("zmqlint: stub")
}

type Beacon struct {
	_ struct{}
}

func (b *Beacon) Configure(port int) (string, error) {
	panic("zmqlint: stub")
}

func (b *Beacon) Destroy() {
	panic("zmqlint: stub")
}

func (b *Beacon) Publish(announcement string, interval int) error {
	panic("zmqlint: stub")
}

func (b *Beacon) PublishBytes(announcement []byte, interval int) error {
	panic("zmqlint: stub")
}

func (b *Beacon) Recv(timeout int) [][]byte {
	panic("zmqlint: stub")
}

func (b *Beacon) Subscribe(filter string) error {
	panic("zmqlint: stub")
}

func (b *Beacon) Verbose() error {
	panic("zmqlint: stub")
}

type Cert struct {
	_ struct{}
}

func (c *Cert) Apply(s *Sock) {
	panic("zmqlint: stub")
}

func (c *Cert) Destroy() {
	panic("zmqlint: stub")
}

func (c *Cert) Dup() *Cert {
	panic("zmqlint: stub")
}

func (c *Cert) Equal(compare *Cert) bool {
	panic("zmqlint: stub")
}

func (c *Cert) Meta(key string) string {
	panic("zmqlint: stub")
}

func (c *Cert) Print() {
	panic("zmqlint: stub")
}

func (c *Cert) PublicText() string {
	panic("zmqlint: stub")
}

func (c *Cert) Save(filename string) error {
	panic("zmqlint: stub")
}

func (c *Cert) SavePublic(filename string) error {
	panic("zmqlint: stub")
}

func (c *Cert) SaveSecret(filename string) error {
	panic("zmqlint: stub")
}

func (c *Cert) SetMeta(key string, value string) {
	panic("zmqlint: stub")
}

type CertStore struct {
	_ struct{}
}

func (c *CertStore) Destroy() {
	panic("zmqlint: stub")
}

func (c *CertStore) Insert(cert *Cert) {
	panic("zmqlint: stub")
}

func (c *CertStore) Lookup(key string) *Cert {
	panic("zmqlint: stub")
}

func (c *CertStore) Print() {
	panic("zmqlint: stub")
}

type Channeler struct {
	SendChan chan<- [][]byte
	RecvChan <-chan [][]byte
	ErrChan  <-chan error
	_        struct{}
}

func (c *Channeler) Destroy() {
	panic("zmqlint: stub")
}

func (c *Channeler) Subscribe(topic string) {
	panic("zmqlint: stub")
}

func (c *Channeler) Unsubscribe(topic string) {
	panic("zmqlint: stub")
}

type Poller struct {
	_ [0]func()
}

func (p *Poller) Add(reader *Sock) error {
	panic("zmqlint: stub")
}

func (p *Poller) Destroy() {
	panic("zmqlint: stub")
}

func (p *Poller) Remove(reader *Sock) {
	panic("zmqlint: stub")
}

func (p *Poller) Wait(millis int) (*Sock, error) {
	panic("zmqlint: stub")
}

type Proxy struct {
	_ struct{}
}

func (p *Proxy) Destroy() {
	panic("zmqlint: stub")
}

func (p *Proxy) Pause() error {
	panic("zmqlint: stub")
}

func (p *Proxy) Resume() error {
	panic("zmqlint: stub")
}

func (p *Proxy) SetBackend(sockType int, endpoint string) error {
	panic("zmqlint: stub")
}

func (p *Proxy) SetCapture(endpoint string) error {
	panic("zmqlint: stub")
}

func (p *Proxy) SetFrontend(sockType int, endpoint string) error {
	panic("zmqlint: stub")
}

func (p *Proxy) Verbose() error {
	panic("zmqlint: stub")
}

type ReadWriter struct {
	_ [0]func()
}

func (r *ReadWriter) Destroy() {
	panic("zmqlint: stub")
}

func (r *ReadWriter) GetLastClientID() []byte {
	panic("zmqlint: stub")
}

func (r *ReadWriter) Read(p []byte) (int, error) {
	panic("zmqlint: stub")
}

func (r *ReadWriter) SetLastClientID(id []byte) {
	panic("zmqlint: stub")
}

func (r *ReadWriter) SetTimeout(ms int) {
	panic("zmqlint: stub")
}

func (r *ReadWriter) Write(p []byte) (int, error) {
	panic("zmqlint: stub")
}

type Sock struct {
	_ [0]func()
}

func (s *Sock) Attach(endpoints string, serverish bool) error {
	panic("zmqlint: stub")
}

func (s *Sock) Bind(endpoint string) (int, error) {
	panic("zmqlint: stub")
}

func (s *Sock) Connect(endpoint string) error {
	panic("zmqlint: stub")
}

func (s *Sock) Destroy() {
	panic("zmqlint: stub")
}

func (s *Sock) Disconnect(endpoint string) error {
	panic("zmqlint: stub")
}

func (s *Sock) GetLastClientID() []byte {
	panic("zmqlint: stub")
}

func (s *Sock) GetType() int {
	panic("zmqlint: stub")
}

func (s *Sock) Pollin() bool {
	panic("zmqlint: stub")
}

func (s *Sock) Pollout() bool {
	panic("zmqlint: stub")
}

func (s *Sock) Read(p []byte) (int, error) {
	panic("zmqlint: stub")
}

func (s *Sock) RecvFrame() ([]byte, int, error) {
	panic("zmqlint: stub")
}

func (s *Sock) RecvFrameNoWait() ([]byte, int, error) {
	panic("zmqlint: stub")
}

func (s *Sock) RecvMessage() ([][]byte, error) {
	panic("zmqlint: stub")
}

func (s *Sock) RecvMessageNoWait() ([][]byte, error) {
	panic("zmqlint: stub")
}

func (s *Sock) SendFrame(data []byte, flags int) error {
	panic("zmqlint: stub")
}

func (s *Sock) SendMessage(parts [][]byte) error {
	panic("zmqlint: stub")
}

func (s *Sock) SetLastClientID(id []byte) {
	panic("zmqlint: stub")
}

func (s *Sock) SetOption(o SockOption) {
	panic("zmqlint: stub")
}

func (s *Sock) Unbind(endpoint string) error {
	panic("zmqlint: stub")
}

func (s *Sock) Write(p []byte) (int, error) {
	panic("zmqlint: stub")
}

type SockOption func(*Sock)

func Affinity(s *Sock) int {
	panic("zmqlint: stub")
}

func Backlog(s *Sock) int {
	panic("zmqlint: stub")
}

func ConnectTimeout(s *Sock) int {
	panic("zmqlint: stub")
}

func CurvePublickey(s *Sock) string {
	panic("zmqlint: stub")
}

func CurveSecretkey(s *Sock) string {
	panic("zmqlint: stub")
}

func CurveServer(s *Sock) int {
	panic("zmqlint: stub")
}

func CurveServerkey(s *Sock) string {
	panic("zmqlint: stub")
}

func Events(s *Sock) int {
	panic("zmqlint: stub")
}

func Fd(s *Sock) int {
	panic("zmqlint: stub")
}

func GssapiPlaintext(s *Sock) int {
	panic("zmqlint: stub")
}

func GssapiPrincipal(s *Sock) string {
	panic("zmqlint: stub")
}

func GssapiServer(s *Sock) int {
	panic("zmqlint: stub")
}

func GssapiServicePrincipal(s *Sock) string {
	panic("zmqlint: stub")
}

func HandshakeIvl(s *Sock) int {
	panic("zmqlint: stub")
}

func HeartbeatIvl(s *Sock) int {
	panic("zmqlint: stub")
}

func HeartbeatTimeout(s *Sock) int {
	panic("zmqlint: stub")
}

func HeartbeatTtl(s *Sock) int {
	panic("zmqlint: stub")
}

func Identity(s *Sock) string {
	panic("zmqlint: stub")
}

func Immediate(s *Sock) int {
	panic("zmqlint: stub")
}

func InvertMatching(s *Sock) int {
	panic("zmqlint: stub")
}

func Ipv4only(s *Sock) int {
	panic("zmqlint: stub")
}

func Ipv6(s *Sock) int {
	panic("zmqlint: stub")
}

func LastEndpoint(s *Sock) string {
	panic("zmqlint: stub")
}

func Linger(s *Sock) int {
	panic("zmqlint: stub")
}

func Maxmsgsize(s *Sock) int {
	panic("zmqlint: stub")
}

func Mechanism(s *Sock) int {
	panic("zmqlint: stub")
}

func MulticastHops(s *Sock) int {
	panic("zmqlint: stub")
}

func MulticastMaxtpdu(s *Sock) int {
	panic("zmqlint: stub")
}

func NewAuth() *Auth {
	panic("zmqlint: stub")
}

func NewBeacon() *Beacon {
	panic("zmqlint: stub")
}

func NewCert() *Cert {
	panic("zmqlint: stub")
}

func NewCertFromFile(filename string) (*Cert, error) {
	panic("zmqlint: stub")
}

func NewCertFromKeys(public []byte, secret []byte) (*Cert, error) {
	panic("zmqlint: stub")
}

func NewCertStore(location string) *CertStore {
	panic("zmqlint: stub")
}

func NewDealer(endpoints string, options ...SockOption) (*Sock, error) {
	panic("zmqlint: stub")
}

func NewDealerChanneler(endpoints string, options ...SockOption) *Channeler {
	panic("zmqlint: stub")
}

func NewPair(endpoints string, options ...SockOption) (*Sock, error) {
	panic("zmqlint: stub")
}

func NewPairChanneler(endpoints string, options ...SockOption) *Channeler {
	panic("zmqlint: stub")
}

func NewPoller(readers ...*Sock) (*Poller, error) {
	panic("zmqlint: stub")
}

func NewProxy() *Proxy {
	panic("zmqlint: stub")
}

func NewPub(endpoints string, options ...SockOption) (*Sock, error) {
	panic("zmqlint: stub")
}

func NewPubChanneler(endpoints string, options ...SockOption) *Channeler {
	panic("zmqlint: stub")
}

func NewPull(endpoints string, options ...SockOption) (*Sock, error) {
	panic("zmqlint: stub")
}

func NewPullChanneler(endpoints string, options ...SockOption) *Channeler {
	panic("zmqlint: stub")
}

func NewPush(endpoints string, options ...SockOption) (*Sock, error) {
	panic("zmqlint: stub")
}

func NewPushChanneler(endpoints string, options ...SockOption) *Channeler {
	panic("zmqlint: stub")
}

func NewReadWriter(sock *Sock) (*ReadWriter, error) {
	panic("zmqlint: stub")
}

func NewRep(endpoints string, options ...SockOption) (*Sock, error) {
	panic("zmqlint: stub")
}

func NewRepChanneler(endpoints string, options ...SockOption) *Channeler {
	panic("zmqlint: stub")
}

func NewReq(endpoints string, options ...SockOption) (*Sock, error) {
	panic("zmqlint: stub")
}

func NewReqChanneler(endpoints string, options ...SockOption) *Channeler {
	panic("zmqlint: stub")
}

func NewRouter(endpoints string, options ...SockOption) (*Sock, error) {
	panic("zmqlint: stub")
}

func NewRouterChanneler(endpoints string, options ...SockOption) *Channeler {
	panic("zmqlint: stub")
}

func NewSock(t int, options ...SockOption) *Sock {
	panic("zmqlint: stub")
}

func NewStream(endpoints string, options ...SockOption) (*Sock, error) {
	panic("zmqlint: stub")
}

func NewStreamChanneler(endpoints string, options ...SockOption) *Channeler {
	panic("zmqlint: stub")
}

func NewSub(endpoints string, subscribe string, options ...SockOption) (*Sock, error) {
	panic("zmqlint: stub")
}

func NewSubChanneler(endpoints string, varargs ...interface{}) *Channeler {
	panic("zmqlint: stub")
}

func NewXPub(endpoints string, options ...SockOption) (*Sock, error) {
	panic("zmqlint: stub")
}

func NewXPubChanneler(endpoints string, options ...SockOption) *Channeler {
	panic("zmqlint: stub")
}

func NewXSub(endpoints string, options ...SockOption) (*Sock, error) {
	panic("zmqlint: stub")
}

func NewXSubChanneler(endpoints string, options ...SockOption) *Channeler {
	panic("zmqlint: stub")
}

func PlainPassword(s *Sock) string {
	panic("zmqlint: stub")
}

func PlainServer(s *Sock) int {
	panic("zmqlint: stub")
}

func PlainUsername(s *Sock) string {
	panic("zmqlint: stub")
}

func Rate(s *Sock) int {
	panic("zmqlint: stub")
}

func Rcvbuf(s *Sock) int {
	panic("zmqlint: stub")
}

func Rcvhwm(s *Sock) int {
	panic("zmqlint: stub")
}

func Rcvmore(s *Sock) int {
	panic("zmqlint: stub")
}

func Rcvtimeo(s *Sock) int {
	panic("zmqlint: stub")
}

func ReconnectIvl(s *Sock) int {
	panic("zmqlint: stub")
}

func ReconnectIvlMax(s *Sock) int {
	panic("zmqlint: stub")
}

func RecoveryIvl(s *Sock) int {
	panic("zmqlint: stub")
}

func Shutdown() {
	panic("zmqlint: stub")
}

func Sndbuf(s *Sock) int {
	panic("zmqlint: stub")
}

func Sndhwm(s *Sock) int {
	panic("zmqlint: stub")
}

func Sndtimeo(s *Sock) int {
	panic("zmqlint: stub")
}

func SockSetAffinity(v int) SockOption {
	panic("zmqlint: stub")
}

func SockSetBacklog(v int) SockOption {
	panic("zmqlint: stub")
}

func SockSetConflate(v int) SockOption {
	panic("zmqlint: stub")
}

func SockSetConnectRid(v string) SockOption {
	panic("zmqlint: stub")
}

func SockSetConnectTimeout(v int) SockOption {
	panic("zmqlint: stub")
}

func SockSetCurvePublickey(v string) SockOption {
	panic("zmqlint: stub")
}

func SockSetCurveSecretkey(v string) SockOption {
	panic("zmqlint: stub")
}

func SockSetCurveServer(v int) SockOption {
	panic("zmqlint: stub")
}

func SockSetCurveServerkey(v string) SockOption {
	panic("zmqlint: stub")
}

func SockSetDelayAttachOnConnect(v int) SockOption {
	panic("zmqlint: stub")
}

func SockSetGssapiPlaintext(v int) SockOption {
	panic("zmqlint: stub")
}

func SockSetGssapiPrincipal(v string) SockOption {
	panic("zmqlint: stub")
}

func SockSetGssapiServer(v int) SockOption {
	panic("zmqlint: stub")
}

func SockSetGssapiServicePrincipal(v string) SockOption {
	panic("zmqlint: stub")
}

func SockSetHandshakeIvl(v int) SockOption {
	panic("zmqlint: stub")
}

func SockSetHeartbeatIvl(v int) SockOption {
	panic("zmqlint: stub")
}

func SockSetHeartbeatTimeout(v int) SockOption {
	panic("zmqlint: stub")
}

func SockSetHeartbeatTtl(v int) SockOption {
	panic("zmqlint: stub")
}

func SockSetIdentity(v string) SockOption {
	panic("zmqlint: stub")
}

func SockSetImmediate(v int) SockOption {
	panic("zmqlint: stub")
}

func SockSetInvertMatching(v int) SockOption {
	panic("zmqlint: stub")
}

func SockSetIpv4only(v int) SockOption {
	panic("zmqlint: stub")
}

func SockSetIpv6(v int) SockOption {
	panic("zmqlint: stub")
}

func SockSetLinger(v int) SockOption {
	panic("zmqlint: stub")
}

func SockSetMaxmsgsize(v int) SockOption {
	panic("zmqlint: stub")
}

func SockSetMulticastHops(v int) SockOption {
	panic("zmqlint: stub")
}

func SockSetMulticastMaxtpdu(v int) SockOption {
	panic("zmqlint: stub")
}

func SockSetPlainPassword(v string) SockOption {
	panic("zmqlint: stub")
}

func SockSetPlainServer(v int) SockOption {
	panic("zmqlint: stub")
}

func SockSetPlainUsername(v string) SockOption {
	panic("zmqlint: stub")
}

func SockSetProbeRouter(v int) SockOption {
	panic("zmqlint: stub")
}

func SockSetRate(v int) SockOption {
	panic("zmqlint: stub")
}

func SockSetRcvbuf(v int) SockOption {
	panic("zmqlint: stub")
}

func SockSetRcvhwm(v int) SockOption {
	panic("zmqlint: stub")
}

func SockSetRcvtimeo(v int) SockOption {
	panic("zmqlint: stub")
}

func SockSetReconnectIvl(v int) SockOption {
	panic("zmqlint: stub")
}

func SockSetReconnectIvlMax(v int) SockOption {
	panic("zmqlint: stub")
}

func SockSetRecoveryIvl(v int) SockOption {
	panic("zmqlint: stub")
}

func SockSetReqCorrelate(v int) SockOption {
	panic("zmqlint: stub")
}

func SockSetReqRelaxed(v int) SockOption {
	panic("zmqlint: stub")
}

func SockSetRouterHandover(v int) SockOption {
	panic("zmqlint: stub")
}

func SockSetRouterMandatory(v int) SockOption {
	panic("zmqlint: stub")
}

func SockSetRouterRaw(v int) SockOption {
	panic("zmqlint: stub")
}

func SockSetSndbuf(v int) SockOption {
	panic("zmqlint: stub")
}

func SockSetSndhwm(v int) SockOption {
	panic("zmqlint: stub")
}

func SockSetSndtimeo(v int) SockOption {
	panic("zmqlint: stub")
}

func SockSetSocksProxy(v string) SockOption {
	panic("zmqlint: stub")
}

func SockSetStreamNotify(v int) SockOption {
	panic("zmqlint: stub")
}

func SockSetSubscribe(v string) SockOption {
	panic("zmqlint: stub")
}

func SockSetTcpAcceptFilter(v string) SockOption {
	panic("zmqlint: stub")
}

func SockSetTcpKeepalive(v int) SockOption {
	panic("zmqlint: stub")
}

func SockSetTcpKeepaliveCnt(v int) SockOption {
	panic("zmqlint: stub")
}

func SockSetTcpKeepaliveIdle(v int) SockOption {
	panic("zmqlint: stub")
}

func SockSetTcpKeepaliveIntvl(v int) SockOption {
	panic("zmqlint: stub")
}

func SockSetTcpMaxrt(v int) SockOption {
	panic("zmqlint: stub")
}

func SockSetTos(v int) SockOption {
	panic("zmqlint: stub")
}

func SockSetUnsubscribe(v string) SockOption {
	panic("zmqlint: stub")
}

func SockSetUseFd(v int) SockOption {
	panic("zmqlint: stub")
}

func SockSetVmciBufferMaxSize(v int) SockOption {
	panic("zmqlint: stub")
}

func SockSetVmciBufferMinSize(v int) SockOption {
	panic("zmqlint: stub")
}

func SockSetVmciBufferSize(v int) SockOption {
	panic("zmqlint: stub")
}

func SockSetVmciConnectTimeout(v int) SockOption {
	panic("zmqlint: stub")
}

func SockSetXPubManual(v int) SockOption {
	panic("zmqlint: stub")
}

func SockSetXPubNodrop(v int) SockOption {
	panic("zmqlint: stub")
}

func SockSetXPubVerbose(v int) SockOption {
	panic("zmqlint: stub")
}

func SockSetXPubVerboser(v int) SockOption {
	panic("zmqlint: stub")
}

func SockSetXPubWelcomeMsg(v string) SockOption {
	panic("zmqlint: stub")
}

func SockSetZapDomain(v string) SockOption {
	panic("zmqlint: stub")
}

func SocksProxy(s *Sock) string {
	panic("zmqlint: stub")
}

func TcpAcceptFilter(s *Sock) string {
	panic("zmqlint: stub")
}

func TcpKeepalive(s *Sock) int {
	panic("zmqlint: stub")
}

func TcpKeepaliveCnt(s *Sock) int {
	panic("zmqlint: stub")
}

func TcpKeepaliveIdle(s *Sock) int {
	panic("zmqlint: stub")
}

func TcpKeepaliveIntvl(s *Sock) int {
	panic("zmqlint: stub")
}

func TcpMaxrt(s *Sock) int {
	panic("zmqlint: stub")
}

func ThreadSafe(s *Sock) int {
	panic("zmqlint: stub")
}

func Tos(s *Sock) int {
	panic("zmqlint: stub")
}

func Type(s *Sock) int {
	panic("zmqlint: stub")
}

func UseFd(s *Sock) int {
	panic("zmqlint: stub")
}

func VmciBufferMaxSize(s *Sock) int {
	panic("zmqlint: stub")
}

func VmciBufferMinSize(s *Sock) int {
	panic("zmqlint: stub")
}

func VmciBufferSize(s *Sock) int {
	panic("zmqlint: stub")
}

func VmciConnectTimeout(s *Sock) int {
	panic("zmqlint: stub")
}

func ZapDomain(s *Sock) string {
	panic("zmqlint: stub")
}
