/**
 * An SDP-sized session description (~4 KB, the size of a browser's audio+video offer with a few
 * candidates), with `prefix` (sequence, sender, send time) first so the receiver can time it.
 */
export function sdpLike(prefix: string, bytes = 4096): string {
  const lines = [
    'v=0',
    'o=- 4611731400430051336 2 IN IP4 127.0.0.1',
    's=-',
    't=0 0',
    'a=group:BUNDLE 0 1',
    'a=extmap-allow-mixed',
    'a=msid-semantic: WMS',
    'm=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126',
    'c=IN IP4 0.0.0.0',
    'a=rtcp:9 IN IP4 0.0.0.0',
    'a=ice-ufrag:Wd2k',
    'a=ice-pwd:0x5mDhHIcN1dRYyFIOIbWXq2',
    'a=ice-options:trickle',
    'a=fingerprint:sha-256 8C:71:B3:8D:A5:38:FD:8F:A4:2E:A2:65:6C:86:52:BC:E0:6E:94:F2:9F:7C:4D:B5:DF:AF:AA:6F:44:90:8D:F4',
    'a=setup:actpass',
    'a=mid:0',
    'a=sendrecv',
    'a=rtcp-mux',
    'a=rtpmap:111 opus/48000/2',
    'a=rtcp-fb:111 transport-cc',
    'a=fmtp:111 minptime=10;useinbandfec=1',
    'm=video 9 UDP/TLS/RTP/SAVPF 96 97 102 103 104 105 106 107 108 109',
    'a=rtpmap:96 VP8/90000',
    'a=rtcp-fb:96 goog-remb',
    'a=rtcp-fb:96 transport-cc',
    'a=rtcp-fb:96 ccm fir',
    'a=rtcp-fb:96 nack',
    'a=rtcp-fb:96 nack pli',
  ];
  let sdp = `a=x-bench:${prefix}\r\n${lines.join('\r\n')}\r\n`;
  for (let i = 0; sdp.length < bytes; i++) {
    sdp += `a=candidate:${1000 + i} 1 udp 2122260223 192.168.${i % 255}.${(i * 7) % 255} ${50000 + i} typ host generation 0 network-id 1\r\n`;
  }
  return sdp.slice(0, bytes);
}

/** The prefix `sdpLike` was given. */
export function sdpPrefix(sdp: string): string {
  const end = sdp.indexOf('\r\n');
  return sdp.slice('a=x-bench:'.length, end);
}
