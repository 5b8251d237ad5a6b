import {
  add,
  along,
  angleOf,
  limbOutline,
  deg,
  length,
  polygon,
  Shape,
  sub,
  Vec,
} from './geometry';

/**
 * The one body every figure is drawn from: an adult of about 170 cm seen from the side, as a
 * set of segments joined at the hips, knees, ankles, shoulders, elbows and neck. A pose is a
 * set of joint angles; `poseBody` turns it into outlines. A new exercise is a new pose.
 *
 * Angles are in degrees. Every joint bends only the way a body bends, within the limits below
 * (a test holds every pose of the figure set to them).
 */
export const BODY = {
  torso: 52, // hip joint to shoulder joint
  headRadius: 11,
  upperArm: 29,
  forearm: 25,
  hand: 8,
  thigh: 43,
  shin: 42,
  /** From the ankle joint to the sole. */
  ankleHeight: 7,
  heel: 5,
  toes: 19,
};

export const JOINT_LIMITS = {
  hip: [-30, 140],
  knee: [0, 150],
  ankle: [-45, 30],
  shoulder: [-60, 180],
  elbow: [0, 150],
  neck: [-40, 60],
} as const;

export type Joint = keyof typeof JOINT_LIMITS;

export interface LegPose {
  /** Hip flexion: 0 standing, 90 sitting, 120 knee to chest; negative takes the leg back. */
  hip?: number;
  /** Knee flexion: 0 straight. */
  knee?: number;
  /** Ankle: 0 foot at a right angle to the shin; negative points the toes. */
  ankle?: number;
  /** Place the ankle here (scene centimetres) instead: hip and knee are worked out. */
  ankleAt?: Vec;
  /** With `ankleAt`: keep the sole flat on the floor. */
  flatFoot?: boolean;
}

export interface ArmPose {
  /** Shoulder flexion: 0 arm hanging by the side, 90 reaching forward, 180 overhead. */
  shoulder?: number;
  /** Elbow flexion: 0 straight. */
  elbow?: number;
  /** Put the hand here (scene centimetres) instead: shoulder and elbow are worked out. */
  handAt?: Vec;
}

export type Spine = 'arched' | 'neutral' | 'flat';
export type BodyPart = 'farArm' | 'farLeg' | 'trunk' | 'nearLeg' | 'nearArm';

export interface Pose {
  /** The hip joint, in scene centimetres (x along the floor, y up from it). */
  at: Vec;
  /** Which way the body's front faces when upright: 1 to the right, -1 to the left. */
  facing?: 1 | -1;
  /** The trunk's lean from upright: 0 standing, 90 bent forward flat, -90 lying on the back. */
  lean: number;
  /** Tips the head forward (positive) or back. */
  neck?: number;
  /** The lower back's curve: its hollow when lying on the back, or flattened in a pelvic tilt. */
  spine?: Spine;
  legs: { near: LegPose; far?: LegPose };
  arms: { near: ArmPose; far?: ArmPose };
  /** Moves the far-side arm and leg (side-lying seen from above: the lower leg shows). */
  farOffset?: Vec;
  /** Drawing order, back to front; the default puts the near arm last. */
  order?: BodyPart[];
}

export interface PosedBody {
  /** The angle each joint ended at (after hands and feet were placed), to check its limits. */
  angles: Record<'near' | 'far', Record<Joint, number>>;
  /** Outlines in drawing order; `far` parts are shaded. */
  parts: { part: BodyPart; far: boolean; shapes: Shape[] }[];
}

const DEFAULT_ORDER: BodyPart[] = ['farArm', 'farLeg', 'trunk', 'nearLeg', 'nearArm'];

/** Poses the body: the whole model in one function, from joint angles to outlines. */
export function poseBody(pose: Pose): PosedBody {
  const facing = pose.facing ?? 1;
  // Work facing right with the hip at the origin, then mirror and move into the scene.
  const toScene = (p: Vec): Vec => [pose.at[0] + facing * p[0], pose.at[1] + p[1]];
  const toLocal = (p: Vec): Vec => [(p[0] - pose.at[0]) * facing, p[1] - pose.at[1]];
  const trunk = 90 - pose.lean;
  const front = trunk - 90;
  const back = trunk + 90;
  const hip: Vec = [0, 0];
  const shoulderTop = along(hip, trunk, BODY.torso);
  const shoulder = along(shoulderTop, trunk, -4);
  const neckBend = pose.neck ?? 0;
  const headAxis = trunk - neckBend;
  const headCentre = along(shoulderTop, headAxis, 15);

  const angles = {
    near: {} as Record<Joint, number>,
    far: {} as Record<Joint, number>,
  };
  const parts: PosedBody['parts'] = [];
  const farShift: Vec = pose.farOffset ? [pose.farOffset[0] * facing, pose.farOffset[1]] : [0, 0];

  const leg = (side: 'near' | 'far'): Shape[] => {
    const legPose = (side === 'far' ? pose.legs.far : undefined) ?? pose.legs.near;
    const base = side === 'far' ? farShift : hip;
    let hipFlex = legPose.hip ?? 0;
    let kneeFlex = legPose.knee ?? 0;
    if (legPose.ankleAt) {
      const solved = twoJoint(base, toLocal(legPose.ankleAt), BODY.thigh, BODY.shin, 'knee');
      hipFlex = solved.first - (trunk + 180);
      kneeFlex = solved.bend;
    }
    const thighAngle = trunk + 180 + hipFlex;
    const knee = along(base, thighAngle, BODY.thigh);
    const shinAngle = thighAngle - kneeFlex;
    const ankle = along(knee, shinAngle, BODY.shin);
    let ankleFlex = legPose.ankle ?? 0;
    if (legPose.flatFoot) ankleFlex = normalise(0 - (shinAngle + 90));
    const footAngle = shinAngle + 90 + ankleFlex;
    angles[side].hip = normalise(hipFlex);
    angles[side].knee = kneeFlex;
    angles[side].ankle = ankleFlex;
    const down = shinAngle; // from the ankle towards the sole
    const sole = (forward: number, below: number) =>
      along(along(ankle, footAngle, forward), down, below);
    const foot = polygon(
      [
        sole(-2.5, -2.5),
        sole(-BODY.heel, BODY.ankleHeight * 0.55),
        sole(-BODY.heel + 1.5, BODY.ankleHeight),
        sole(BODY.toes - 3, BODY.ankleHeight),
        sole(BODY.toes, BODY.ankleHeight - 1.2),
        sole(BODY.toes - 2, BODY.ankleHeight - 3.2),
        sole(6, 0.5),
      ],
      true,
    );
    // The thigh starts a little way along from the hip joint, so it grows out of the pelvis.
    const thighTop = along(base, thighAngle, 3);
    return [limbOutline([thighTop, knee, ankle], [7.6, 5.6, 3.6]), foot];
  };

  const arm = (side: 'near' | 'far'): Shape[] => {
    const armPose = (side === 'far' ? pose.arms.far : undefined) ?? pose.arms.near;
    const base = side === 'far' ? add(shoulder, farShift) : shoulder;
    let shoulderFlex = armPose.shoulder ?? 0;
    let elbowFlex = armPose.elbow ?? 0;
    if (armPose.handAt) {
      const solved = twoJoint(
        base,
        toLocal(armPose.handAt),
        BODY.upperArm,
        BODY.forearm + BODY.hand / 2,
        'elbow',
      );
      shoulderFlex = solved.first - (trunk + 180);
      elbowFlex = solved.bend;
    }
    const upperAngle = trunk + 180 + shoulderFlex;
    const elbow = along(base, upperAngle, BODY.upperArm);
    const foreAngle = upperAngle + elbowFlex;
    const wrist = along(elbow, foreAngle, BODY.forearm);
    const fingertips = along(wrist, foreAngle, BODY.hand);
    angles[side].shoulder = normalise(shoulderFlex);
    angles[side].elbow = elbowFlex;
    return [limbOutline([base, elbow, wrist, fingertips], [4.8, 3.8, 2.8, 2.2])];
  };

  const trunkShapes = (): Shape[] => {
    angles.near.neck = neckBend;
    angles.far.neck = neckBend;
    const spine = pose.spine ?? 'neutral';
    const lowBack = spine === 'arched' ? -8.2 : spine === 'flat' ? -12 : -9.6;
    const waistBack = spine === 'flat' ? -11.8 : -10.2;
    // Front and back of the trunk at distances along it from the hip joint.
    const profile: [number, number, number][] = [
      [-9, 3, -6],
      [-1, 10, -12.5],
      [11, 11, lowBack],
      [22, 12, waistBack],
      [35, 13.2, -11.5],
      [45, 11, -11],
      [52, 5.5, -7],
    ];
    const at = (s: number, offset: number) =>
      along(along(hip, trunk, s), offset >= 0 ? front : back, Math.abs(offset));
    const outline: Vec[] = [
      ...profile.map(([s, f]) => at(s, f)),
      ...profile
        .slice()
        .reverse()
        .map(([s, , b]) => at(s, b)),
      at(-11, -1.5),
    ];
    // The neck rises from the shoulders into the head, which is drawn over it with its nose.
    const neckTop = along(headCentre, headAxis, -4);
    const withNeck: Vec[] = [
      ...outline.slice(0, profile.length - 1),
      along(neckTop, headAxis - 90, 4.6),
      along(neckTop, headAxis + 90, 4.6),
      ...outline.slice(profile.length + 1),
    ];
    const head: Vec[] = [];
    for (let a = 0; a < 360; a += 20) {
      const angle = headAxis - 100 + a;
      // The nose: a small bump on the front of the face.
      head.push(along(headCentre, angle, BODY.headRadius + (a === 0 ? 1.8 : 0)));
    }
    return [polygon(withNeck, true), polygon(head, true)];
  };

  const draw: Record<BodyPart, () => Shape[]> = {
    farArm: () => arm('far'),
    farLeg: () => leg('far'),
    trunk: trunkShapes,
    nearLeg: () => leg('near'),
    nearArm: () => arm('near'),
  };
  for (const part of pose.order ?? DEFAULT_ORDER) {
    const shapes = draw[part]().map((s) => mirrorShape(s, toScene));
    parts.push({ part, far: part.startsWith('far'), shapes });
  }
  return {
    angles,
    parts,
  };
}

/**
 * Two segments from `base` reaching `target`, bending at the middle joint the way a knee (the
 * lower segment turns clockwise, facing right) or an elbow (counter-clockwise) bends. Out of
 * reach, the limb points straight at the target.
 */
function twoJoint(
  base: Vec,
  target: Vec,
  a: number,
  b: number,
  joint: 'knee' | 'elbow',
): { first: number; bend: number } {
  const d = Math.min(Math.max(length(sub(target, base)), Math.abs(a - b) + 0.01), a + b - 0.01);
  const toTarget = angleOf(sub(target, base));
  const atBase = deg(Math.acos((a * a + d * d - b * b) / (2 * a * d)));
  const inner = deg(Math.acos((a * a + b * b - d * d) / (2 * a * b)));
  const bend = 180 - inner;
  return joint === 'knee' ? { first: toTarget + atBase, bend } : { first: toTarget - atBase, bend };
}

/** An angle folded into (-180, 180]. */
function normalise(angle: number): number {
  let a = angle % 360;
  if (a > 180) a -= 360;
  if (a <= -180) a += 360;
  return a;
}

function mirrorShape(shape: Shape, toScene: (p: Vec) => Vec): Shape {
  if (shape.kind === 'circle') return { ...shape, c: toScene(shape.c) };
  return { ...shape, points: shape.points.map(toScene) };
}
