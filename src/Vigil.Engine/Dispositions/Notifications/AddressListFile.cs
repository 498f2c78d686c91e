using Vigil.Engine.Policy.Control;

namespace Vigil.Engine.Dispositions.Notifications;

/// <summary>
/// A control file of one plain address per line (`avguards`, `bmguards`, `vmforward`,
/// `bmforward`): anything that is not a plain address is skipped with a warning at its line,
/// since it would otherwise reach a program's argument list or an SMTP envelope.
/// </summary>
internal static class AddressListFile
{
    public static List<string> Read(ControlLayers layers, string name, ConfigReport report)
    {
        var (source, lines) = ControlFileReader.Read(layers, name, report);
        var list = new List<string>();
        foreach (var line in lines)
        {
            if (MailAddressText.IsSafe(line.Text))
            {
                list.Add(line.Text);
            }
            else
            {
                report.Warning(source, line.Number, $"'{HeaderText.Sanitize(line.Text, 80)}' is not a plain address; skipped");
            }
        }

        return list;
    }
}
