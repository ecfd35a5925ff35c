using Recovery.BuildingBlocks.Data;
using Recovery.BuildingBlocks.Messaging;

namespace Recovery.Reporting.Data;

internal sealed class ReportingDb(Database database, UnitOfWork unitOfWork, OutboxSignal signal) : ModuleDb(database, unitOfWork, signal)
{
    public const string Name = "reporting";
    public override string Schema => Name;
}
