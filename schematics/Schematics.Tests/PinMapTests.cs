using ColdStandby.Schematics;

namespace ColdStandby.Schematics.Tests;

/// <summary>The pin map on its own: legal ESP32 pins, safe reset states, the whole wiring contract.</summary>
public class PinMapTests
{
    private readonly PinMap _map = Repository.PinMap();

    [Fact]
    public void No_signal_sits_on_a_strapping_pin()
    {
        var bad = _map.Rows.Where(r => Esp32.StrappingPins.Contains(r.Gpio)).Select(r => $"{r.Board} {r.Signal} GPIO{r.Gpio}");
        Assert.Empty(bad);
    }

    [Fact]
    public void No_signal_sits_on_a_flash_pin()
    {
        Assert.Empty(_map.Rows.Where(r => Esp32.FlashPins.Contains(r.Gpio)).Select(r => $"{r.Board} {r.Signal} GPIO{r.Gpio}"));
    }

    [Fact]
    public void No_output_or_transmit_pin_is_input_only()
    {
        Assert.Empty(_map.Rows.Where(r => (r.IsOutput || r.Kind == "tx") && Esp32.InputOnly(r.Gpio)).Select(r => $"{r.Board} {r.Signal} GPIO{r.Gpio}"));
    }

    [Theory]
    [MemberData(nameof(WiringContract.Boards), MemberType = typeof(WiringContract))]
    public void No_gpio_signal_or_vcd_name_is_used_twice_on_a_board(string board)
    {
        var rows = _map.Board(board).ToList();
        Assert.Empty(rows.GroupBy(r => r.Gpio).Where(g => g.Count() > 1).Select(g => $"GPIO{g.Key}: " + string.Join(", ", g.Select(r => r.Signal))));
        Assert.Empty(rows.GroupBy(r => r.Signal).Where(g => g.Count() > 1).Select(g => g.Key));
        Assert.Empty(rows.GroupBy(r => r.Vcd).Where(g => g.Count() > 1).Select(g => g.Key));
    }

    [Fact]
    public void Every_signal_of_the_wiring_contract_is_there_with_its_direction()
    {
        void Expect(string board, string signal, string kind) =>
            Assert.True(_map.Rows.Any(r => r.Board == board && r.Signal == signal && r.Kind == kind), $"{board} {signal} ({kind}) missing");
        foreach (var s in WiringContract.SmuOutputs) Expect("smu", s, "out");
        foreach (var s in WiringContract.SmuInputs) Expect("smu", s, "in");
        foreach (var s in WiringContract.DmOutputs) Expect("dm", s, "out");
        foreach (var s in WiringContract.DmInputs) Expect("dm", s, "in");
        foreach (var link in WiringContract.SmuLinks) { Expect("smu", link + "Tx", "tx"); Expect("smu", link + "Rx", "rx"); }
        foreach (var link in WiringContract.DmLinks) { Expect("dm", link + "Tx", "tx"); Expect("dm", link + "Rx", "rx"); }
    }

    [Fact]
    public void A_links_transmit_and_receive_pins_are_on_the_same_uart_and_not_on_uart0()
    {
        foreach (var tx in _map.Rows.Where(r => r.Kind == "tx" && !r.Signal.StartsWith("Debug", StringComparison.Ordinal)))
        {
            var rx = _map.Get(tx.Board, tx.Signal[..^2] + "Rx");
            Assert.Equal(tx.Uart, rx.Uart);
            Assert.NotEqual("COM1", tx.Uart); // UART0: nanoFramework's debugger and deployment
        }
    }

    [Fact]
    public void Outputs_that_could_power_a_server_or_move_the_storage_are_deasserted_at_reset()
    {
        foreach (var (board, signal) in WiringContract.SafetyOutputs)
        {
            var row = _map.Get(board, signal);
            Assert.Equal("deasserted", row.Reset);
            Assert.NotNull(row.Pull);
            // The pull resistor must hold the pin at the level that means "not asserted".
            Assert.Equal(row.Active == "low", row.Pull!.Up);
        }
    }

    [Fact]
    public void Every_output_is_pulled_low_the_level_nanoFramework_opens_an_output_at_so_opening_never_glitches()
    {
        foreach (var row in _map.Rows.Where(r => r.IsOutput))
        {
            Assert.True(row.Pull is { Up: false }, $"{row.Board} {row.Signal}: outputs need a pull-down, not {row.Pull}");
            // The reset state follows from the pull and the active level.
            string expected = row.Active == "low" ? "asserted" : "deasserted";
            Assert.True(expected == row.Reset, $"{row.Board} {row.Signal}: pulled low and active {row.Active} means {expected} at reset, not {row.Reset}");
        }
    }

    [Fact]
    public void Every_input_has_an_external_pull_so_an_open_line_reads_deasserted()
    {
        foreach (var row in _map.Rows.Where(r => r.IsInput))
        {
            Assert.True(row.Pull != null, $"{row.Board} {row.Signal}: no pull resistor (GPIO34-39 have no internal pulls)");
            Assert.True(row.Pull!.Up == (row.Active == "low"), $"{row.Board} {row.Signal}: an open input must read deasserted");
        }
    }

    [Fact]
    public void Exactly_the_latch_read_backs_are_held_through_a_reset()
    {
        var held = _map.Rows.Where(r => r.IsHeld).Select(r => r.Board + " " + r.Signal).Order().ToList();
        var latches = WiringContract.Latches.Select(l => l.Board + " " + l.ReadBack).Order().ToList();
        Assert.Equal(latches, held);
        foreach (var latch in WiringContract.Latches)
        {
            // Set and clear are outputs that idle low (pulled down): opening, resetting or booting moves neither.
            foreach (var signal in new[] { latch.Set, latch.Clear })
            {
                var row = _map.Get(latch.Board, signal);
                Assert.True(row.IsOutput && row.Active == "high" && row.Pull is { Up: false } && row.Reset == "deasserted", $"{latch.Board} {signal}: {row}");
            }
        }
    }

    [Fact]
    public void A_connector_column_may_name_several_pins()
    {
        var map = PinMap.Parse([PinMap.Header, "dm,AccessA,36,in,high,-,R22 100k down,held,J6.1 J4.3,access_a,x"]);
        Assert.Equal(["J6.1", "J4.3"], map.Rows[0].Connectors);
    }

    [Fact]
    public void Held_is_refused_on_an_output()
    {
        var lines = new[] { PinMap.Header, "smu,RequestSet,22,out,high,-,R12 4k7 down,held,-,request_set,x" };
        var error = Assert.Throws<FormatException>(() => PinMap.Parse(lines, "test.csv"));
        Assert.Contains("test.csv:2: reset", error.Message);
    }

    [Fact]
    public void Vcd_names_are_plain_identifiers()
    {
        Assert.Empty(_map.Rows.Where(r => !System.Text.RegularExpressions.Regex.IsMatch(r.Vcd, "^[a-z][a-z0-9_]*$")).Select(r => r.Vcd));
    }

    [Fact]
    public void A_malformed_row_is_refused_with_its_line_number()
    {
        var lines = new[] { PinMap.Header, "smu,PowerButton,23,out,high,-,R10 4k7 sideways,deasserted,J4.1,power_button,x" };
        var error = Assert.Throws<FormatException>(() => PinMap.Parse(lines, "test.csv"));
        Assert.Contains("test.csv:2: pull", error.Message);
    }
}
