##
## The ColdStandby message catalogue for the sigrok decoder: each message type's name, payload
## length and fields (name, offset, size, kind, which values are valid), in the order the bench
## prints them, and the names of every enumeration. firmware/Protocol/README.md is the
## specification. bench/Bench.Tests builds this table from that page and the message classes
## (SigrokTablesTests: COLDSTANDBY_WRITE_SIGROK_TABLES=1 writes it again) and decodes every example
## frame of the page with it through sigrok-cli (SigrokDecoderTests).
##
## kinds: 'uint', 'int' (signed), 'bool', 'enum:NAME', 'flags:NAME'
## valid: None (any value), ('in', (values)), ('mask', allowed bits), ('>=', n), ('>', n), ('<=', n)
##

MESSAGES = {
    0x01: ('Hello', 6, (
        ('ProtocolVersion', 0, 1, 'uint', None),
        ('Node', 1, 1, 'enum:NodeKind', ('in', (1, 2, 3, 4, 5))),
        ('Side', 2, 1, 'enum:Side', ('in', (0, 1, 2))),
        ('FirmwareMajor', 3, 1, 'uint', None),
        ('FirmwareMinor', 4, 1, 'uint', None),
        ('FirmwarePatch', 5, 1, 'uint', None),
    )),
    0x02: ('Refusal', 5, (
        ('RefusedType', 0, 1, 'enum:MessageType', None),
        ('RefusedSequence', 1, 2, 'uint', None),
        ('Reason', 3, 1, 'enum:RefusalReason', ('in', (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14))),
        ('Detail', 4, 1, 'uint', None),
    )),
    0x03: ('Accepted', 3, (
        ('AcceptedType', 0, 1, 'enum:MessageType', None),
        ('AcceptedSequence', 1, 2, 'uint', None),
    )),
    0x04: ('TimeSet', 9, (
        ('UnixMilliseconds', 0, 8, 'int', ('>', 0)),
        ('StepBack', 8, 1, 'bool', ('in', (0, 1))),
    )),
    0x05: ('StatusRequest', 0, ()),
    0x06: ('LogReadRequest', 6, (
        ('FromSequence', 0, 4, 'uint', None),
        ('MaxCount', 4, 2, 'uint', ('>=', 1)),
    )),
    0x07: ('LogRecord', 18, (
        ('Sequence', 0, 4, 'uint', ('>=', 1)),
        ('TimeMilliseconds', 4, 8, 'int', None),
        ('Code', 12, 1, 'enum:EventCode', None),
        ('Side', 13, 1, 'enum:Side', ('in', (0, 1, 2))),
        ('Argument', 14, 4, 'uint', None),
    )),
    0x08: ('LogReadEnd', 10, (
        ('FirstSequence', 0, 4, 'uint', None),
        ('NextSequence', 4, 4, 'uint', None),
        ('Count', 8, 2, 'uint', None),
    )),
    0x10: ('Heartbeat', 11, (
        ('Side', 0, 1, 'enum:Side', ('in', (1, 2))),
        ('Mode', 1, 1, 'enum:Mode', ('in', (0, 1, 2, 3))),
        ('Health', 2, 2, 'flags:HealthFlags', ('mask', 0x7FF)),
        ('Alarms', 4, 2, 'flags:AlarmFlags', ('mask', 0x3FF)),
        ('Epoch', 6, 4, 'uint', None),
        ('Phase', 10, 1, 'enum:SequencePhase', ('in', (0, 1, 2, 3, 4, 5, 6, 7, 8, 9))),
    )),
    0x11: ('FitnessQuery', 4, (
        ('Epoch', 0, 4, 'uint', None),
    )),
    0x12: ('FitnessReply', 6, (
        ('Epoch', 0, 4, 'uint', None),
        ('Fit', 4, 1, 'bool', ('in', (0, 1))),
        ('Reason', 5, 1, 'enum:UnfitReason', ('in', (0, 1, 2, 3, 4, 5))),
    )),
    0x13: ('SwitchRequest', 6, (
        ('Epoch', 0, 4, 'uint', ('>=', 1)),
        ('Kind', 4, 1, 'enum:SwitchKind', ('in', (1, 2))),
        ('From', 5, 1, 'enum:Side', ('in', (1, 2))),
    )),
    0x14: ('SwitchAck', 4, (
        ('Epoch', 0, 4, 'uint', ('>=', 1)),
    )),
    0x20: ('OperatorCommand', 6, (
        ('Command', 0, 1, 'enum:OperatorCommandKind', ('in', (1, 2, 3))),
        ('Target', 1, 1, 'enum:Side', ('in', (1, 2))),
        ('Epoch', 2, 4, 'uint', None),
    )),
    0x30: ('Kick', 4, (
        ('Counter', 0, 4, 'uint', None),
    )),
    0x31: ('CheckpointReached', 1, (
        ('Stage', 0, 1, 'uint', None),
    )),
    0x32: ('ControllerHealth', 4, (
        ('Raid', 0, 1, 'enum:ControllerState', ('in', (0, 1, 2))),
        ('Lan', 1, 1, 'enum:ControllerState', ('in', (0, 1, 2))),
        ('RaidFailures', 2, 1, 'uint', None),
        ('LanFailures', 3, 1, 'uint', None),
    )),
    0x33: ('FaultReport', 3, (
        ('Kind', 0, 1, 'enum:FaultKind', ('in', (1, 2, 3, 4, 5, 6, 7))),
        ('Detail', 1, 2, 'uint', None),
    )),
    0x34: ('ShutdownRequest', 3, (
        ('Reason', 0, 1, 'enum:FaultKind', ('in', (0, 1, 2, 3, 4, 5, 6, 7))),
        ('DeadlineSeconds', 1, 2, 'uint', None),
    )),
    0x35: ('ShutdownStarted', 0, ()),
    0x36: ('ShutdownDone', 0, ()),
    0x37: ('SmuStatus', 24, (
        ('Side', 0, 1, 'enum:Side', ('in', (1, 2))),
        ('Mode', 1, 1, 'enum:Mode', ('in', (0, 1, 2, 3))),
        ('Phase', 2, 1, 'enum:SequencePhase', ('in', (0, 1, 2, 3, 4, 5, 6, 7, 8, 9))),
        ('Health', 3, 2, 'flags:HealthFlags', ('mask', 0x7FF)),
        ('Alarms', 5, 2, 'flags:AlarmFlags', ('mask', 0x3FF)),
        ('Epoch', 7, 4, 'uint', None),
        ('PeerMode', 11, 1, 'enum:Mode', ('in', (0, 1, 2, 3))),
        ('PeerHealth', 12, 2, 'flags:HealthFlags', ('mask', 0x7FF)),
        ('PeerHeard', 14, 1, 'bool', ('in', (0, 1))),
        ('PeerAlarms', 15, 2, 'flags:AlarmFlags', ('mask', 0x3FF)),
        ('PeerPhase', 17, 1, 'enum:SequencePhase', ('in', (0, 1, 2, 3, 4, 5, 6, 7, 8, 9))),
        ('PeerEpoch', 18, 4, 'uint', None),
        ('MaintenanceSeconds', 22, 2, 'uint', None),
    )),
    0x38: ('MaintenanceHold', 2, (
        ('Seconds', 0, 2, 'uint', None),
    )),
    0x40: ('StorageStatus', 17, (
        ('Holder', 0, 1, 'enum:Side', ('in', (0, 1, 2))),
        ('Requests', 1, 1, 'uint', ('<=', 3)),
        ('Epoch', 2, 4, 'uint', None),
        ('Settling', 6, 1, 'bool', ('in', (0, 1))),
        ('FenceEnabled', 7, 1, 'bool', ('in', (0, 1))),
        ('FirstSequence', 8, 4, 'uint', None),
        ('NextSequence', 12, 4, 'uint', None),
        ('Fenced', 16, 1, 'uint', ('<=', 3)),
    )),
    0x41: ('Fence', 5, (
        ('Side', 0, 1, 'enum:Side', ('in', (1, 2))),
        ('Epoch', 1, 4, 'uint', None),
    )),
    0x42: ('DiskErrorReport', 6, (
        ('Side', 0, 1, 'enum:Side', ('in', (0, 1, 2))),
        ('Controller', 1, 1, 'uint', None),
        ('Enclosure', 2, 1, 'uint', None),
        ('Disk', 3, 1, 'uint', None),
        ('ErrorCode', 4, 2, 'uint', None),
    )),
}

ENUMS = {
    'AlarmFlags': {0x0: 'None', 0x1: 'ServerFault', 0x2: 'PeerSilent', 0x4: 'WholeSystemFailure', 0x8: 'ServiceFailure', 0x10: 'StorageTimeout', 0x20: 'ForcedPowerOff', 0x40: 'OnBattery', 0x80: 'StorageLost', 0x100: 'NoService', 0x200: 'BatteryLow', 0x3FF: 'All'},
    'ControllerState': {0x0: 'Unknown', 0x1: 'Ok', 0x2: 'Failed'},
    'EventCode': {0x0: 'None', 0x1: 'DmReset', 0x2: 'GrantGiven', 0x3: 'GrantRestored', 0x4: 'GrantReleased', 0x5: 'RequestConflict', 0x6: 'Fenced', 0x7: 'FenceRefused', 0x8: 'TimeSet', 0x9: 'DiskError', 0xA: 'RequestWaiting', 0xB: 'RequestRefused', 0xC: 'DiskErrorRepeated', 0xD: 'ClockStepBack', 0x40: 'SmuReset', 0x41: 'ModeChanged', 0x42: 'ServerFault', 0x43: 'AlarmRaised', 0x44: 'AlarmCleared', 0x45: 'ShutdownRequested', 0x46: 'ShutdownDone', 0x47: 'ForcedPowerOff', 0x48: 'StorageReleased', 0x49: 'StorageGranted', 0x4A: 'FitnessChecked', 0x4B: 'SwitchRequested', 0x4C: 'SwitchAcknowledged', 0x4D: 'SwitchAbandoned', 0x4E: 'PowerOn', 0x4F: 'PeerSilent', 0x50: 'PeerReturned', 0x51: 'ServiceFailure', 0x52: 'CheckpointReached', 0x53: 'OperatorCommand', 0x54: 'StaleSwitchIgnored', 0x55: 'SwitchAccepted', 0x56: 'GrantTimeout', 0x57: 'AgentHello', 0x58: 'MaintenanceStarted', 0x59: 'MaintenanceEnded', 0x5A: 'PeerFlapping', 0x60: 'ActiveNotBacked', 0x61: 'SiteOutage', 0x62: 'MainsRestored', 0x63: 'StorageLost', 0x64: 'PowerOnAborted', 0x65: 'BootLoop', 0x66: 'ServerStillOn', 0x67: 'GrantUnrequested', 0x68: 'PeerPhaseChanged', 0x69: 'GrantProving', 0x6A: 'GrantTooSoon'},
    'FaultKind': {0x0: 'None', 0x1: 'BootDeadline', 0x2: 'Watchdog', 0x3: 'RaidController', 0x4: 'LanController', 0x5: 'PowerLost', 0x6: 'ServiceFailure', 0x7: 'PlannedSwitchover'},
    'HealthFlags': {0x0: 'None', 0x1: 'ServerPowered', 0x2: 'PowerGood', 0x4: 'OsUp', 0x8: 'ServicesReady', 0x10: 'RaidOk', 0x20: 'LanOk', 0x40: 'StorageRequested', 0x80: 'StorageGranted', 0x100: 'WatchdogArmed', 0x200: 'AgentConnected', 0x400: 'MaintenanceHold', 0x7FF: 'All'},
    'MessageType': {0x1: 'Hello', 0x2: 'Refusal', 0x3: 'Accepted', 0x4: 'TimeSet', 0x5: 'StatusRequest', 0x6: 'LogReadRequest', 0x7: 'LogRecord', 0x8: 'LogReadEnd', 0x10: 'Heartbeat', 0x11: 'FitnessQuery', 0x12: 'FitnessReply', 0x13: 'SwitchRequest', 0x14: 'SwitchAck', 0x20: 'OperatorCommand', 0x30: 'Kick', 0x31: 'CheckpointReached', 0x32: 'ControllerHealth', 0x33: 'FaultReport', 0x34: 'ShutdownRequest', 0x35: 'ShutdownStarted', 0x36: 'ShutdownDone', 0x37: 'SmuStatus', 0x38: 'MaintenanceHold', 0x40: 'StorageStatus', 0x41: 'Fence', 0x42: 'DiskErrorReport'},
    'Mode': {0x0: 'Unknown', 0x1: 'Standby', 0x2: 'Active', 0x3: 'Failed'},
    'NodeKind': {0x1: 'Smu', 0x2: 'DiskManager', 0x3: 'Agent', 0x4: 'Tool', 0x5: 'DiskController'},
    'OperatorCommandKind': {0x0: 'None', 0x1: 'PlannedSwitchover', 0x2: 'MarkRepaired', 0x3: 'AlarmReset'},
    'RefusalReason': {0x0: 'None', 0x1: 'NotHandled', 0x2: 'WrongMode', 0x3: 'StaleEpoch', 0x4: 'Busy', 0x5: 'OutOfRange', 0x6: 'VersionMismatch', 0x7: 'NotConfigured', 0x8: 'NoSession', 0x9: 'WrongSide', 0xA: 'PeerUnavailable', 0xB: 'StorageTimeout', 0xC: 'ClockNotSet', 0xD: 'ClockAhead', 0xE: 'ServerOff'},
    'SequencePhase': {0x0: 'Idle', 0x1: 'ShuttingDown', 0x2: 'ReleasingStorage', 0x3: 'CheckingStandby', 0x4: 'RequestingSwitch', 0x5: 'AwaitingGrant', 0x6: 'Booting', 0x7: 'Abandoned', 0x8: 'Claiming', 0x9: 'AwaitingMains'},
    'Side': {0x0: 'None', 0x1: 'A', 0x2: 'B'},
    'SwitchKind': {0x1: 'Failover', 0x2: 'Planned'},
    'UnfitReason': {0x0: 'None', 0x1: 'NotStandby', 0x2: 'ServerPowered', 0x3: 'StorageHeld', 0x4: 'Busy', 0x5: 'Blocked'},
}
