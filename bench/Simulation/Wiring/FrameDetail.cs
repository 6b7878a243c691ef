using ColdStandby.Protocol;

namespace ColdStandby.Bench.Simulation;

/// <summary>A short summary of a message's telling fields, for trace labels and timelines.</summary>
public static class FrameDetail
{
    /// <summary>Summarizes <paramref name="message"/>, e.g. <c>epoch 2</c> for a switch request.</summary>
    public static string Of(Message message) => message switch
    {
        Heartbeat h => $"{h.Mode} e{h.Epoch} {h.Phase}",
        SwitchRequest r => $"e{r.Epoch} {r.Kind}",
        SwitchAck a => $"e{a.Epoch}",
        FitnessQuery q => $"e{q.Epoch}",
        FitnessReply r => r.Fit ? "fit" : $"unfit {r.Reason}",
        Kick k => $"#{k.Counter}",
        CheckpointReached c => $"stage {c.Stage}",
        ShutdownRequest s => $"{s.Reason} {s.DeadlineSeconds}s",
        Refusal r => $"{r.RefusedType} {r.Reason}",
        Accepted a => $"{a.AcceptedType}",
        OperatorCommand o => $"{o.Command} {o.Target}",
        Hello h => $"{h.Node} {h.Side}",
        ControllerHealth c => $"raid {c.Raid} lan {c.Lan}",
        FaultReport f => $"{f.Kind}",
        Fence f => $"{f.Side} e{f.Epoch}",
        TimeSet t => $"{DateTimeOffset.FromUnixTimeMilliseconds(t.UnixMilliseconds):yyyy-MM-dd HH:mm:ss}{(t.StepBack ? " step back" : "")}",
        _ => "",
    };
}
