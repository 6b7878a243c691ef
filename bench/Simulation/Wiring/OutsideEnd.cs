using ColdStandby.Hardware;

namespace ColdStandby.Bench.Simulation;

/// <summary>
/// The far end of a simulated serial link when it is outside the simulation (a pty a real agent
/// process opens, in a system stepped in real time): what the outside writes is put on the link
/// towards the board as its UART would send it (held back while the transmit FIFO is full), and
/// what the board sends is handed to the outside as it arrives. So the frames the outside sends
/// are hashed and judged like any other (property 5), and arrive at 115200 baud.
/// </summary>
public sealed class OutsideEnd
{
    private readonly IByteChannel _outside;
    private readonly UartPort _port;
    private readonly byte[] _toBoard = new byte[256];
    private readonly byte[] _fromBoard = new byte[256];
    private int _pendingAt;
    private int _pending;

    /// <summary>Bridges <paramref name="outside"/> to <paramref name="port"/> (its <see cref="UartPort.Out"/> goes to the board, its <see cref="UartPort.In"/> comes from it).</summary>
    internal OutsideEnd(IByteChannel outside, UartPort port)
    {
        _outside = outside;
        _port = port;
    }

    /// <summary>Moves what has come from either side on to the other.</summary>
    public void Pump()
    {
        while (true)
        {
            if (_pending == 0)
            {
                _pendingAt = 0;
                _pending = _outside.Read(_toBoard, 0, _toBoard.Length);
                if (_pending == 0)
                {
                    break;
                }
            }

            int offered = _pending;
            int taken = _port.Write(_toBoard, _pendingAt, offered);
            _pendingAt += taken;
            _pending -= taken;
            if (taken < offered)
            {
                // The FIFO is full: the rest waits for the next pump.
                break;
            }
        }

        int n;
        while ((n = _port.Read(_fromBoard, 0, _fromBoard.Length)) > 0)
        {
            _outside.Write(_fromBoard, 0, n);
        }
    }

    /// <summary>Nobody is there (the server has no power): what either side sent is lost.</summary>
    public void Drop()
    {
        _pending = 0;
        while (_outside.Read(_toBoard, 0, _toBoard.Length) > 0)
        {
        }

        while (_port.Read(_fromBoard, 0, _fromBoard.Length) > 0)
        {
        }
    }
}
