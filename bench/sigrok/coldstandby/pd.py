##
## ColdStandby frame protocol decoder for libsigrokdecode, stacked on sigrok's 'uart' decoder.
##
## The byte-exact specification is firmware/Protocol/README.md: each frame is
## [type][sequence, 2 bytes LE][payload][CRC-32C of all before it, 4 bytes LE], COBS-encoded and
## ended by one 0x00 delimiter. This decoder checks a frame the way the firmware's FrameReader does,
## in the same order, and names the first failure as the bench's capture checker does:
## longer than 56 bytes, not valid COBS, shorter than 7 bytes, CRC mismatch, unknown type, wrong
## payload length, an exact repeat of the previous frame, a field outside its values.
##

import sigrokdecode as srd
from .tables import MESSAGES, ENUMS

MAX_ENCODED = 56    # bytes before the delimiter (Frame.MaxEncodedLength)
MAX_FRAME = 55      # bytes after COBS decoding (Frame.MaxFrameLength)
MIN_FRAME = 7       # type, sequence, CRC (Frame.MinFrameLength)

def _crc_table():
    table = []
    for n in range(256):
        c = n
        for _ in range(8):
            c = (c >> 1) ^ 0x82F63B78 if c & 1 else c >> 1
        table.append(c)
    return table

CRC_TABLE = _crc_table()

def crc32c(data):
    '''CRC-32C (Castagnoli), reflected, initial and final 0xFFFFFFFF; check value of b"123456789" is 0xE3069283.'''
    register = 0xFFFFFFFF
    for b in data:
        register = CRC_TABLE[(register ^ b) & 0xFF] ^ (register >> 8)
    return register ^ 0xFFFFFFFF

def cobs_decode(data):
    '''Consistent Overhead Byte Stuffing, as firmware/Protocol/Cobs.cs decodes it; None when invalid.'''
    out = bytearray()
    read = 0
    end = len(data)
    while read < end:
        code = data[read]
        read += 1
        if code == 0 or read + code - 1 > end:
            return None
        for _ in range(1, code):
            value = data[read]
            read += 1
            if value == 0 or len(out) >= MAX_FRAME:
                return None
            out.append(value)
        if code != 0xFF and read < end:
            if len(out) >= MAX_FRAME:
                return None
            out.append(0)
    return bytes(out)

def enum_text(name, value):
    '''What .NET's Enum.ToString() writes: the name, or the number when it has none.'''
    names = ENUMS[name]
    return names[value] if value in names else str(value)

def flags_text(name, value):
    '''What .NET's Enum.ToString() writes for a [Flags] enumeration, with ', ' written as '+'.'''
    names = ENUMS[name]
    if value in names:
        return names[value]
    found = []
    rest = value
    for flag in sorted(names, reverse=True):
        if flag != 0 and rest & flag == flag:
            rest -= flag
            found.append(names[flag])
    if rest != 0:
        return str(value)
    return '+'.join(reversed(found))

def field_value(payload, offset, size, kind):
    raw = payload[offset:offset + size]
    return int.from_bytes(raw, 'little', signed=(kind == 'int'))

def field_valid(value, rule):
    if rule is None:
        return True
    test, limit = rule
    if test == 'in':
        return value in limit
    if test == 'mask':
        return value & ~limit == 0
    if test == '>=':
        return value >= limit
    if test == '>':
        return value > limit
    return value <= limit

def field_text(value, kind):
    if kind == 'bool':
        return 'True' if value else 'False'
    if kind.startswith('enum:'):
        return enum_text(kind[5:], value)
    if kind.startswith('flags:'):
        return flags_text(kind[6:], value)
    return str(value)

class Link:
    '''One direction of a UART: the frame being collected, and the receiver's memory of the last one.'''
    def __init__(self):
        self.encoded = bytearray()
        self.ss = None
        self.overflowed = False
        self.framing_error = False
        self.previous = None        # (sequence, crc) of the last delivered frame
        self.first = True           # the first frame may be one the capture started inside
        self.pending = None         # start sample of a byte whose value the old uart API gives piecewise
        self.value = None

class Decoder(srd.Decoder):
    api_version = 3
    id = 'coldstandby'
    name = 'ColdStandby'
    longname = 'ColdStandby frame protocol'
    desc = 'COBS-framed, CRC-32C checked messages on the ColdStandby SMU, DM and agent serial links.'
    license = 'unknown'
    inputs = ['uart']
    outputs = []
    tags = ['Embedded/industrial']
    annotations = (
        ('frame', 'Frame'),
        ('fields', 'Frame with its fields'),
        ('warning', 'Dropped frame'),
        ('note', 'Note'),
    )
    annotation_rows = (
        ('frames', 'Frames', (0,)),
        ('fields', 'Fields', (1,)),
        ('warnings', 'Warnings', (2, 3)),
    )

    def __init__(self):
        self.reset()

    def reset(self):
        self.links = {0: Link(), 1: Link()}
        self.frame_packets = False

    def start(self):
        self.out_ann = self.register(srd.OUTPUT_ANN)

    def decode(self, ss, es, data):
        ptype, rxtx, pdata = data
        link = self.links[rxtx]
        if ptype == 'FRAME':
            # libsigrokdecode 0.5.3's uart: one packet per byte, from its start bit to its stop bit.
            self.frame_packets = True
            if link.pending is None:
                return      # an invalid start bit: a glitch, not a byte
            link.pending = None
            value, valid = pdata
            self.byte(link, ss, es, value, not valid)
        elif ptype == 'STARTBIT':
            link.pending = ss
        elif ptype == 'INVALID STARTBIT':
            link.pending = None
        elif ptype == 'DATA':
            link.value = pdata[0]
        elif ptype in ('STOPBIT', 'INVALID STOPBIT') and not self.frame_packets and link.pending is not None:
            # An older uart without FRAME packets: the byte ends with its stop bit.
            start = link.pending
            link.pending = None
            self.byte(link, start, es, link.value, ptype == 'INVALID STOPBIT')

    def byte(self, link, ss, es, value, framing_error):
        if value != 0:
            if not link.encoded and not link.overflowed:
                link.ss = ss
                link.framing_error = False
            link.framing_error |= framing_error
            if len(link.encoded) < MAX_ENCODED:
                link.encoded.append(value)
            else:
                link.overflowed = True
            return
        if link.ss is None or (not link.encoded and not link.overflowed):
            return      # two delimiters in a row are idle line, not a frame
        start = link.ss
        reason, name, sequence, text = self.frame(link)
        if reason is None:
            self.put(start, es, self.out_ann, [0, ['%s #%d' % (name, sequence), name]])
            self.put(start, es, self.out_ann, [1, [text]])
        elif link.first:
            # The uart decoder starts at the capture's first edge: the capture may have begun inside this frame.
            skipped = len(link.encoded) + (1 if link.overflowed else 0)
            self.put(start, es, self.out_ann, [3, ['The capture started inside a frame: %d bytes skipped' % skipped, 'Joined mid-frame']])
        else:
            if link.framing_error:
                reason += ' (after a framing error)'
            self.put(start, es, self.out_ann, [2, ['Dropped: %s' % reason, reason]])
        link.first = False
        link.encoded = bytearray()
        link.overflowed = False
        link.ss = None

    def frame(self, link):
        '''Checks a frame as FrameReader does; returns (None, name, sequence, text) when good, else (reason, …).'''
        if link.overflowed:
            return 'longer than %d bytes' % MAX_ENCODED, None, None, None
        frame = cobs_decode(bytes(link.encoded))
        if frame is None:
            return 'not valid COBS', None, None, None
        if len(frame) < MIN_FRAME:
            return 'shorter than %d bytes (type, sequence, CRC)' % MIN_FRAME, None, None, None
        crc = int.from_bytes(frame[-4:], 'little')
        if crc32c(frame[:-4]) != crc:
            return 'CRC mismatch', None, None, None
        message = MESSAGES.get(frame[0])
        if message is None:
            return 'unknown message type', None, None, None
        name, length, fields = message
        payload = frame[3:-4]
        if len(payload) != length:
            return 'wrong payload length for its type', None, None, None
        sequence = int.from_bytes(frame[1:3], 'little')
        if link.previous == (sequence, crc):
            return 'an exact repeat of the previous frame', None, None, None
        parts = []
        for field, offset, size, kind, rule in fields:
            value = field_value(payload, offset, size, kind)
            if not field_valid(value, rule):
                return 'a field outside its values', None, None, None
            parts.append('%s=%s' % (field, field_text(value, kind)))
        link.previous = (sequence, crc)
        return None, name, sequence, ' '.join(['%s #%d' % (name, sequence)] + parts)
