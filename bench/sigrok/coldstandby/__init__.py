##
## ColdStandby frame protocol decoder for libsigrokdecode (PulseView, sigrok-cli).
##

'''
Decodes the ColdStandby frame protocol on the serial links between the SMUs, the DM, the host
agent and the tools: each frame's message type, sequence number and fields (heartbeats with mode,
health, alarms, epoch and phase; fitness queries and replies; switch requests and
acknowledgements; kicks; …), and every frame a receiver drops, with the reason (CRC mismatch,
invalid COBS, a field outside its values …) as a warning.

Stack it on the 'uart' decoder at 115200 baud, 8N1: one ColdStandby decoder reads both of the
UART's directions.

The specification: firmware/Protocol/README.md in the ColdStandby repository.
'''

from .pd import Decoder
