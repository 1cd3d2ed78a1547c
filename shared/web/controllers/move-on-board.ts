import { moveOnBoard } from "../../services/move-on-service.js";
import { getPremises } from "../../services/premises-service.js";
import type { Controller } from "../page.js";
import { csvDownload } from "../view-models/csv.js";
import { layoutModel } from "../view-models/layout.js";
import { moveOnBoardModel, moveOnCsv, moveOnRows } from "../view-models/move-on-board.js";
import { premisesNav } from "../view-models/premises-nav.js";

export const moveOnBoardPage: Controller = async (req) => {
  const { premisesId } = req.params as { premisesId: string };
  const [premises, board] = await Promise.all([
    getPremises(premisesId),
    moveOnBoard(premisesId, req.principal),
  ]);
  return {
    render: "pages/premises/move-on-board.njk",
    model: {
      ...layoutModel({ session: req.session, principal: req.principal, title: ["Move-on", premises.name] }),
      ...moveOnBoardModel({ premises, board }),
      nav: premisesNav(premisesId, "move-on-board"),
    },
  };
};

export const moveOnBoardCsv: Controller = async (req) => {
  const { premisesId } = req.params as { premisesId: string };
  const board = await moveOnBoard(premisesId, req.principal);
  return csvDownload(
    `move-on-${premisesId}-${board.date}.csv`,
    moveOnCsv(moveOnRows(board.items, premisesId)),
  );
};
