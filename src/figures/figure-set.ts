import { LegPose, Pose } from './body';
import { FigureDefinition } from './draw';
import { BED_TOP, MAT_HEIGHT } from './props';

/**
 * The figure set: every picture the library can place with `[[figure:<name>]]`. Each is poses
 * of the one body (src/figures/body.ts) with props and arrows, in centimetres; the floor is
 * y = 0. Reviewed like content: the text alternative says in plain words what the picture
 * shows, and the pictures are looked at in print and on a phone before they ship
 * (docs/figures.md).
 */

/** Lying on the back on a mat, head to the left: the hip joint's height. */
const LYING_HIP = MAT_HEIGHT + 12.5;
const mat = { type: 'mat', from: -70, to: 95 } as const;
/** Knees bent, feet flat on the mat, hip-width apart. */
const kneesBent = (x = 0): LegPose => ({
  ankleAt: [x + 44, MAT_HEIGHT + 7],
  flatFoot: true,
});
const onBack = (over: Partial<Pose> = {}): Pose => ({
  at: [0, LYING_HIP],
  lean: -90,
  legs: { near: kneesBent() },
  arms: { near: { shoulder: 8, elbow: 5 } },
  ...over,
});

export const FIGURE_SET: FigureDefinition[] = [
  {
    name: 'knee-to-chest-one',
    alt: 'Lying on your back with both knees bent. Then one knee is pulled gently towards the chest, with both hands holding behind the thigh.',
    caption: 'Start with both knees bent. Bring one knee towards your chest.',
    panels: [
      { body: onBack(), props: [mat] },
      {
        body: onBack({
          legs: { near: { hip: 122, knee: 122, ankle: -25 }, far: kneesBent() },
          arms: { near: { handAt: [-14, 50] } },
        }),
        props: [mat],
        arrows: [{ from: [16, 58], to: [-6, 68], bend: 6 }],
      },
    ],
  },
  {
    name: 'knee-to-chest-both',
    alt: 'Lying on your back, holding both knees and pulling them gently towards the chest.',
    caption: 'Bring both knees up together and hold them.',
    panels: [
      {
        body: onBack({
          legs: { near: { hip: 122, knee: 122, ankle: -25 } },
          arms: { near: { handAt: [-10, 54] } },
        }),
        props: [mat],
        arrows: [{ from: [20, 62], to: [0, 72], bend: 6 }],
      },
    ],
  },
  {
    name: 'pelvic-tilt',
    alt: 'Lying on your back with knees bent and feet flat. First the lower back has a small hollow under it. Then the lower back is pressed flat into the floor and the hips tip up a little.',
    caption: 'Press the small of your back flat into the floor.',
    panels: [
      { body: onBack({ spine: 'arched' }), props: [mat] },
      {
        body: onBack({ spine: 'flat' }),
        props: [mat],
        arrows: [{ from: [-12, 36], to: [-12, 19], bend: 0 }],
      },
    ],
  },
  {
    name: 'bridge',
    alt: 'Lying on your back with knees bent and feet flat, arms by your sides. Then the hips are lifted until the shoulders, hips and knees make a straight line.',
    caption: 'Lift your hips until your shoulders, hips and knees are in line.',
    panels: [
      { body: onBack(), props: [mat] },
      {
        body: {
          at: [0, 34],
          lean: -113,
          neck: 20,
          legs: { near: { ankleAt: [36, MAT_HEIGHT + 7], flatFoot: true } },
          arms: { near: { handAt: [12, MAT_HEIGHT + 3] } },
        },
        props: [mat],
        arrows: [{ from: [-4, 8], to: [-4, 24], bend: 0 }],
      },
    ],
  },
  {
    name: 'core-bracing',
    alt: 'Lying on your back with knees bent, fingertips resting on the lower belly just inside the hip bones.',
    caption: 'Fingers on your lower belly: feel the muscle firm up.',
    panels: [
      {
        body: onBack({ arms: { near: { handAt: [-2, LYING_HIP + 12] } } }),
        props: [mat],
      },
    ],
  },
  {
    name: 'lying-pillow-under-knees',
    alt: 'Lying on your back with a pillow under the knees and pillows raising the head and shoulders a little.',
    caption: 'A pillow under your knees; your upper body raised a little.',
    panels: [
      {
        body: {
          at: [0, LYING_HIP],
          lean: -78,
          neck: 10,
          legs: { near: { hip: 30, knee: 45, ankle: -20 } },
          arms: { near: { shoulder: 15, elbow: 20 } },
        },
        props: [
          mat,
          { type: 'pillow', at: [-55, 12], width: 34, height: 15 },
          { type: 'pillow', at: [-58, 24], width: 32, height: 12, angle: 8 },
          { type: 'pillow', at: [42, 13], width: 30, height: 20 },
        ],
      },
    ],
  },
  {
    name: 'legs-on-chair',
    alt: 'Lying on the floor on your back, with the lower legs resting on the seat of a chair, so the hips and knees are bent at about a right angle.',
    caption: 'Lower legs on a chair seat: hips and knees at right angles.',
    panels: [
      {
        body: onBack({ legs: { near: { hip: 72, knee: 72, ankle: -10 } } }),
        props: [mat, { type: 'chair', x: 16, facing: -1, seat: 49.5 }],
      },
    ],
  },
  {
    name: 'side-lying-pillow',
    alt: 'Seen from above: lying on your side with the knees a little bent and a pillow between the knees.',
    caption: 'On your side, knees bent, a pillow between them.',
    panels: [
      {
        view: 'above',
        body: {
          at: [0, 40],
          lean: -90,
          facing: 1,
          neck: 0,
          legs: { near: { hip: 45, knee: 60, ankle: -15 } },
          arms: { near: { shoulder: 50, elbow: 110 } },
        },
        props: [
          { type: 'bed-from-above', from: [-80, 0], to: [95, 80] },
          { type: 'pillow', at: [-66, 40], width: 22, height: 44 },
          { type: 'pillow', at: [36, 66], width: 34, height: 20, angle: -20, depth: 'over-trunk' },
        ],
      },
    ],
  },
  {
    name: 'reclining-chair',
    alt: 'Sitting leaning well back in a reclining chair with the legs raised and supported.',
    caption: 'Lean back with your legs raised and supported.',
    panels: [
      {
        body: {
          at: [0, 52.5],
          lean: -40,
          legs: { near: { hip: 60, knee: 20, ankle: -10 } },
          arms: { near: { handAt: [20, 58] } },
        },
        props: [
          { type: 'floor', from: -60, to: 110 },
          { type: 'block', from: [-30, 0], to: [40, 30] },
          { type: 'pillow', at: [5, 36], width: 72, height: 12 },
          { type: 'pillow', at: [-34, 62], width: 76, height: 12, angle: 130 },
          { type: 'pillow', at: [64, 44.5], width: 50, height: 8, angle: -10 },
        ],
      },
    ],
  },
  {
    name: 'getting-out-of-bed',
    alt: 'Getting out of bed: lying on your back with knees bent, then rolling onto your side, then sitting on the edge of the bed, pushing up with the arms as the feet go down to the floor.',
    caption: 'Knees bent, roll onto your side, then push up as your legs go down.',
    panels: [
      {
        body: onBack({
          at: [0, BED_TOP + 12.5],
          legs: { near: { ankleAt: [44, BED_TOP + 7], flatFoot: true } },
        }),
        props: [{ type: 'bed', from: -75, to: 90, head: 'left' }],
        arrows: [{ from: [20, BED_TOP + 60], to: [-10, BED_TOP + 62], bend: 10 }],
      },
      {
        body: {
          at: [0, BED_TOP + 10.5],
          lean: -20,
          legs: { near: { hip: 80, knee: 95, ankleAt: [36, 7], flatFoot: true } },
          arms: { near: { handAt: [-22, BED_TOP + 4] } },
        },
        props: [
          { type: 'bed', from: -95, to: 25, head: 'left' },
          { type: 'floor', from: -100, to: 70 },
        ],
        arrows: [{ from: [-12, 80], to: [-2, 110], bend: -4 }],
      },
    ],
  },
  {
    name: 'safe-lifting',
    alt: 'Lifting a box: standing close to it with feet apart, hips and knees bent, hands on the box. Then standing up with the box held close to the body.',
    caption: 'Stand close to the load and hold it close to your body.',
    panels: [
      {
        body: {
          at: [0, 52],
          lean: 30,
          neck: -15,
          legs: {
            near: { ankleAt: [22, 7], flatFoot: true },
            far: { ankleAt: [26, 7], flatFoot: true },
          },
          arms: { near: { handAt: [44, 34] } },
        },
        props: [
          { type: 'floor', from: -50, to: 90 },
          { type: 'box', at: [42, 20], width: 36, height: 30, depth: 'over-trunk' },
        ],
      },
      {
        body: {
          at: [0, 92],
          lean: 0,
          legs: { near: { hip: 0, knee: 0 } },
          arms: { near: { handAt: [28, 72] } },
        },
        props: [
          { type: 'floor', from: -40, to: 70 },
          { type: 'box', at: [26, 86], width: 32, height: 28 },
        ],
        arrows: [{ from: [50, 60], to: [50, 95], bend: 0 }],
      },
    ],
  },
  {
    name: 'sitting-at-desk',
    alt: 'Sitting upright on a chair at a desk, feet flat on the floor, forearms resting on the desk, the screen at eye level, and a small cushion in the small of the back.',
    caption: 'Sit back in the chair, feet flat, screen at eye level.',
    panels: [
      {
        body: {
          at: [0, 52],
          lean: -4,
          legs: { near: { ankleAt: [46, 7], flatFoot: true } },
          arms: { near: { handAt: [40, 76.5] } },
        },
        props: [
          { type: 'chair', x: 30, facing: 1, seat: 42 },
          { type: 'pillow', at: [-14, 64], width: 8, height: 16, depth: 'behind' },
          { type: 'desk', from: 36, to: 100, screenAt: 86 },
        ],
      },
    ],
  },
  {
    name: 'cold-pack',
    alt: 'Lying face down with a wrapped cold pack resting on the lower back.',
    caption: 'A wrapped cold pack on the sore spot.',
    panels: [
      {
        body: {
          at: [0, MAT_HEIGHT + 12.5],
          lean: 90,
          facing: -1,
          neck: -10,
          legs: { near: { hip: 0, knee: 8, ankle: -45 } },
          arms: { near: { shoulder: 5, elbow: 5 } },
        },
        props: [mat, { type: 'pack', kind: 'cold', at: [-12, MAT_HEIGHT + 23.5], angle: 0 }],
      },
    ],
  },
  {
    name: 'heat-pad',
    alt: 'Sitting in a chair with a heat pad between the lower back and the back of the chair.',
    caption: 'A warm pad behind your lower back, with a cloth between.',
    panels: [
      {
        body: {
          at: [0, 52],
          lean: -6,
          legs: { near: { ankleAt: [46, 7], flatFoot: true } },
          arms: { near: { handAt: [30, 64] } },
        },
        props: [
          { type: 'chair', x: 30, facing: 1, seat: 42 },
          { type: 'pack', kind: 'heat', at: [-15.5, 66], angle: 96, depth: 'behind' },
          { type: 'floor', from: -30, to: 80 },
        ],
      },
    ],
  },
  {
    name: 'walking',
    alt: 'Walking upright at an easy pace, arms swinging.',
    caption: 'Stand tall and let your arms swing.',
    panels: [
      {
        body: {
          at: [0, 87],
          lean: 3,
          legs: {
            near: { ankleAt: [24, 7.6], ankle: 8 },
            far: { ankleAt: [-22, 18], ankle: 0 },
          },
          arms: { near: { shoulder: -25, elbow: 20 }, far: { shoulder: 25, elbow: 35 } },
        },
        props: [{ type: 'floor', from: -60, to: 70 }],
        arrows: [{ from: [40, 140], to: [62, 140], bend: 0 }],
      },
    ],
  },
];
